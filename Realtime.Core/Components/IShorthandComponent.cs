namespace Realtime.Core.Components;

/// <summary>
/// A component slot whose JSON may also be a plain string, as Druid allows for dimension specs (<c>"page"</c>) and
/// topN metric specs (<c>"added"</c>).
/// </summary>
/// <typeparam name="TSelf">The slot type.</typeparam>
public interface IShorthandComponent<TSelf>
{
    /// <summary>The component a plain JSON string stands for.</summary>
    /// <exception cref="ArgumentException">The string is not a valid shorthand; the message says why.</exception>
    static abstract TSelf FromShorthand(string value);
}
