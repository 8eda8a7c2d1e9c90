namespace Realtime.Core.Parsing;

/// <summary>
/// A checked <see cref="FlattenSpec"/> ready for decoding: declared fields first (each at a fixed position of
/// the row), root fields found by name, path fields evaluated from the root fields they start at.
/// </summary>
internal sealed class FlattenPlan
{
    private readonly Dictionary<string, int> _rootSlots;
    private readonly Dictionary<string, int> _pathRoots;

    private FlattenPlan(bool discover, bool lowercaseKeys, string[] declaredNames, Dictionary<string, int> rootSlots,
        (int Slot, int Root, JsonPath Path)[] paths, Dictionary<string, int> pathRoots)
    {
        Discover = discover;
        LowercaseKeys = lowercaseKeys;
        DeclaredNames = declaredNames;
        _rootSlots = rootSlots;
        Paths = paths;
        _pathRoots = pathRoots;
    }

    /// <summary>Whether undeclared root scalars and lists of scalars become fields.</summary>
    public bool Discover { get; }

    /// <summary>Whether input field names are lower-cased (the <c>jsonLowercase</c> format).</summary>
    public bool LowercaseKeys { get; }

    /// <summary>The declared field names, interned, in row order.</summary>
    public string[] DeclaredNames { get; }

    /// <summary>The path fields: the row position, the index of their root field and the path.</summary>
    public (int Slot, int Root, JsonPath Path)[] Paths { get; }

    /// <summary>How many distinct root fields the paths start at.</summary>
    public int PathRootCount => _pathRoots.Count;

    /// <summary>Discovery of every root field, without declared fields.</summary>
    public static FlattenPlan Discovery(bool lowercaseKeys) => new(true, lowercaseKeys, [], [], [], []);

    /// <summary>Checks a flatten spec and plans it.</summary>
    /// <exception cref="ArgumentException">A field is invalid, unsupported or declared twice; the message names it.</exception>
    public static FlattenPlan Create(FlattenSpec spec, RowAssembler row, string path)
    {
        var names = new List<string>();
        var rootSlots = new Dictionary<string, int>(StringComparer.Ordinal);
        var paths = new List<(int, int, JsonPath)>();
        var pathRoots = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Fields.Count; i++)
        {
            var field = spec.Fields[i];
            var fieldPath = $"{path}.fields[{i}]";
            if (string.IsNullOrEmpty(field.Name))
            {
                throw new ArgumentException($"{fieldPath}.name is required.");
            }

            var name = row.Intern(field.Name);
            if (names.Contains(name))
            {
                throw new ArgumentException($"{fieldPath}: the field '{field.Name}' is declared more than once.");
            }

            var slot = names.Count;
            names.Add(name);
            switch (field.Type)
            {
                case FlattenFieldType.Jq:
                    throw new ArgumentException(
                        $"{fieldPath} ('{field.Name}') has type 'jq', which is not supported; use a 'path' field with a JSONPath expression.");
                case FlattenFieldType.Root when field.Expr is null || field.Expr == field.Name:
                    rootSlots[name] = slot;
                    break;
                default:
                    var expr = field.Type == FlattenFieldType.Root ? $"$['{field.Expr!.Replace("'", "\\'", StringComparison.Ordinal)}']" : field.Expr
                        ?? throw new ArgumentException($"{fieldPath}.expr is required for a 'path' field ('{field.Name}').");
                    var jsonPath = JsonPath.Parse(expr, $"{fieldPath}.expr");
                    var root = row.Intern(jsonPath.RootField);
                    if (!pathRoots.TryGetValue(root, out var rootIndex))
                    {
                        rootIndex = pathRoots.Count;
                        pathRoots.Add(root, rootIndex);
                    }

                    paths.Add((slot, rootIndex, jsonPath));
                    break;
            }
        }

        return new FlattenPlan(spec.UseFieldDiscovery, false, names.ToArray(), rootSlots, paths.ToArray(), pathRoots);
    }

    /// <summary>The row position of a declared root field with this input name, or -1.</summary>
    public int RootSlot(string key) => _rootSlots.TryGetValue(key, out var slot) ? slot : -1;

    /// <summary>The index of a root field that paths start at, or -1.</summary>
    public int PathRoot(string key) => _pathRoots.TryGetValue(key, out var index) ? index : -1;

    /// <summary>Whether a declared field has this name, so that discovery leaves the input field alone.</summary>
    public bool IsDeclared(string name) => Array.IndexOf(DeclaredNames, name) >= 0;
}
