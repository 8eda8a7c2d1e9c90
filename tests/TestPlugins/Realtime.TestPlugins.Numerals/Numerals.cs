namespace Realtime.TestPlugins.Numerals;

/// <summary>Spells small numbers in English.</summary>
public static class Numerals
{
    private static readonly string[] Words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    /// <summary>The English word for <paramref name="n"/> (0 to 9).</summary>
    public static string Spell(int n) => Words[n];
}
