namespace Realtime.Core.Query.Having;

/// <summary>The <c>and</c> having clause: every clause in <see cref="HavingSpecs"/> matches (true when there is none).</summary>
public sealed class AndHavingSpec : HavingSpec
{
    /// <summary>The combined clauses.</summary>
    public required IReadOnlyList<HavingSpec> HavingSpecs { get; init; }

    /// <inheritdoc />
    public override bool Matches(ResultRow row) => HavingSpecs.All(h => h.Matches(row));

    /// <inheritdoc />
    public override void Validate() => LogicalHavingSpecs.RequireNoNull(HavingSpecs, "and");
}

/// <summary>The <c>or</c> having clause: at least one clause in <see cref="HavingSpecs"/> matches.</summary>
public sealed class OrHavingSpec : HavingSpec
{
    /// <summary>The combined clauses.</summary>
    public required IReadOnlyList<HavingSpec> HavingSpecs { get; init; }

    /// <inheritdoc />
    public override bool Matches(ResultRow row) => HavingSpecs.Any(h => h.Matches(row));

    /// <inheritdoc />
    public override void Validate() => LogicalHavingSpecs.RequireNoNull(HavingSpecs, "or");
}

/// <summary>The <c>not</c> having clause: <see cref="HavingSpec"/> does not match.</summary>
public sealed class NotHavingSpec : HavingSpec
{
    /// <summary>The negated clause.</summary>
    public required HavingSpec HavingSpec { get; init; }

    /// <inheritdoc />
    public override bool Matches(ResultRow row) => !HavingSpec.Matches(row);
}

/// <summary>The <c>always</c> having clause: keeps every row.</summary>
public sealed class AlwaysHavingSpec : HavingSpec
{
    /// <inheritdoc />
    public override bool Matches(ResultRow row) => true;
}

/// <summary>The <c>never</c> having clause: keeps no row.</summary>
public sealed class NeverHavingSpec : HavingSpec
{
    /// <inheritdoc />
    public override bool Matches(ResultRow row) => false;
}

/// <summary>Checks the clauses combined by <c>and</c> and <c>or</c>.</summary>
internal static class LogicalHavingSpecs
{
    /// <summary>Throws when an entry of <paramref name="havingSpecs"/> is null, naming its index.</summary>
    public static void RequireNoNull(IReadOnlyList<HavingSpec> havingSpecs, string type)
    {
        for (var i = 0; i < havingSpecs.Count; i++)
        {
            if (havingSpecs[i] is null)
            {
                throw new ArgumentException($"{type}.havingSpecs[{i}] is null.");
            }
        }
    }
}
