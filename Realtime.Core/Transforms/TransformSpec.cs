using Realtime.Abstractions.Parsing;
using Realtime.Core.Filters;

namespace Realtime.Core.Transforms;

/// <summary>
/// The data schema's <c>transformSpec</c>: fields computed from each parsed row, then a filter that drops rows.
/// Transforms see the input row only (not each other's results); the filter sees the transformed row.
/// </summary>
public sealed class TransformSpec
{
    /// <summary>The name that makes a transform rewrite the row timestamp.</summary>
    public const string TimeColumn = "__time";

    /// <summary>The transforms; at most one per name.</summary>
    public IReadOnlyList<Transform> Transforms { get; init; } = [];

    /// <summary>Rows that do not match are dropped (counted as thrown away); null keeps every row.</summary>
    public DimFilter? Filter { get; init; }

    /// <summary>Wraps <paramref name="parser"/> so that its rows are transformed and filtered; a dropped row parses to null.</summary>
    /// <remarks>A transform failing on a row makes that row unparseable (a <see cref="ParseException"/> naming the transform).</remarks>
    /// <exception cref="ArgumentException">A transform or the filter is invalid, or two transforms share a name; the message names it.</exception>
    public IInputRowParser Decorate(IInputRowParser parser)
    {
        ArgumentNullException.ThrowIfNull(parser);
        if (Transforms.Count == 0 && Filter is null)
        {
            return parser;
        }

        var names = new string[Transforms.Count];
        var functions = new Func<InputRow, object?>[Transforms.Count];
        for (var i = 0; i < names.Length; i++)
        {
            var transform = Transforms[i] ?? throw new ArgumentException($"transformSpec.transforms[{i}] is null.");
            if (string.IsNullOrEmpty(transform.Name))
            {
                throw new ArgumentException($"transformSpec.transforms[{i}].name is required.");
            }

            if (Array.IndexOf(names, transform.Name, 0, i) >= 0)
            {
                throw new ArgumentException($"transformSpec.transforms has more than one transform named '{transform.Name}'.");
            }

            names[i] = transform.Name;
            functions[i] = transform.CreateRowFunction();
        }

        Func<InputRow, bool>? filter;
        try
        {
            filter = Filter?.CreateRowMatcher();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"transformSpec.filter: {e.Message}", e);
        }

        return new TransformingInputRowParser(parser, names, functions, filter);
    }
}
