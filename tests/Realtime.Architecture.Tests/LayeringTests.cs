using ArchUnitNET.Domain;
using Realtime.Abstractions.Firehose;
using Realtime.Core.Components;
using Realtime.Testing;

namespace Realtime.Architecture.Tests;

/// <summary>
/// The intended layering, stated once: the folders of Realtime.Core from the bottom up, and the rule that the
/// contracts and the plugins never use Realtime.Core. A folder may use only folders of a lower layer.
/// </summary>
public class LayeringTests
{
    /// <summary>Realtime.Core's folders (namespaces under <c>Realtime.Core</c>), lowest layer first.</summary>
    public static readonly string[][] CoreLayers =
    [
        ["Time", "Collections", "Files", "Metrics", "ZooKeeper"],
        ["Components"],
        ["Parsing", "Firehoses"],
        ["Values"],
        ["Expressions", "Extraction"],
        ["Filters"],
        ["Transforms"],
        ["Aggregation"],
        ["Index"],
        ["Security"],
        ["Storage"],
        ["Plumbing"],
        ["Spec"],
        ["Serving"],
        ["Cluster"],
        ["Query"],
        ["Broker"],
        ["Sql"],
        ["Plugins"],
        ["Hosting"],
    ];

    /// <summary>Namespaces of the entry points (DI and endpoint extension methods) that sit above every folder.</summary>
    private static readonly string[] EntryPointNamespaces = ["Microsoft.Extensions.DependencyInjection", "Microsoft.AspNetCore.Builder"];

    private static readonly System.Reflection.Assembly CoreAssembly = typeof(ComponentRegistry).Assembly;

    private static readonly Lazy<ArchUnitNET.Domain.Architecture> Core = new(() => new ArchUnitNET.Loader.ArchLoader().LoadAssemblies(CoreAssembly).Build());

    [Test]
    public void EveryCoreTypeLivesInALayeredFolderOrAnEntryPointNamespace()
    {
        var unplaced = CoreTypes()
            .Where(t => FolderOf(t.Namespace.FullName) is not { } folder ? !EntryPointNamespaces.Contains(t.Namespace.FullName) : LayerOf(folder) < 0)
            .Select(t => $"{t.FullName} (namespace {t.Namespace.FullName})")
            .ToList();

        Assert.That(unplaced, Is.Empty, () => "Types outside the folders named in CoreLayers; add each folder to the layer it belongs to:\n" + string.Join("\n", unplaced));
    }

    [Test]
    public void CoreFoldersUseOnlyLowerLayers()
    {
        var wrongArrows = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in CoreTypes())
        {
            if (FolderOf(type.Namespace.FullName) is not { } from || LayerOf(from) < 0)
            {
                continue;
            }

            foreach (var target in type.Dependencies.Select(d => d.Target).Where(t => t is not GenericParameter))
            {
                if (target.Assembly?.FullName != type.Assembly.FullName)
                {
                    continue;
                }

                var targetNamespace = target.Namespace?.FullName ?? "";
                var to = FolderOf(targetNamespace);
                if (to == from)
                {
                    continue;
                }

                if (to is null ? EntryPointNamespaces.Contains(targetNamespace) : LayerOf(to) >= LayerOf(from))
                {
                    wrongArrows.Add($"{from} -> {to ?? targetNamespace}: {type.FullName} uses {target.FullName}");
                }
            }
        }

        Assert.That(wrongArrows, Is.Empty, () => "A folder may use only folders of a lower layer (see CoreLayers):\n" + string.Join("\n", wrongArrows));
    }

    [Test]
    public void TheReadmeLayoutNamesTheLayersInOrder()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "README.md"));
        var row = readme.Single(line => line.StartsWith("| `Realtime.Core` |", StringComparison.Ordinal));
        var named = System.Text.RegularExpressions.Regex.Matches(row, "`([A-Z][A-Za-z]+)`").Select(m => m.Groups[1].Value);

        Assert.That(named, Is.EqualTo(CoreLayers.SelectMany(layer => layer)), "README.md's layout row lists Realtime.Core's folders in the order of CoreLayers.");
    }

    [Test]
    public void ContractsDoNotReferenceCore()
    {
        var references = typeof(IFirehoseFactory).Assembly.GetReferencedAssemblies().Select(a => a.Name);

        Assert.That(references, Has.None.StartsWith("Realtime."), "Realtime.Abstractions must stand alone.");
    }

    [TestCase(typeof(Plugins.Http.Receiver.EventReceiverFirehoseFactory))]
    [TestCase(typeof(Plugins.Kafka.KafkaFirehoseFactory))]
    [TestCase(typeof(Plugins.Formats.Avro.AvroStreamInputRowParserFactory))]
    [TestCase(typeof(Samples.CustomFirehose.LogTailFirehoseFactory))]
    [TestCase(typeof(Samples.CustomPlumber.CsvPlumberSchool))]
    public void PluginsReferenceOnlyTheContracts(System.Type pluginType)
    {
        var references = pluginType.Assembly.GetReferencedAssemblies().Select(a => a.Name).Where(n => n!.StartsWith("Realtime.", StringComparison.Ordinal));

        Assert.That(references, Is.EquivalentTo(new[] { "Realtime.Abstractions" }), $"{pluginType.Assembly.GetName().Name} may reference only the contracts.");
    }

    private static IEnumerable<IType> CoreTypes() =>
        Core.Value.Types.Where(t => t.Namespace is not null && t.Namespace.FullName.Length > 0 && !t.Name.StartsWith('<'));

    /// <summary>The first namespace part under <c>Realtime.Core</c>, or null for a namespace outside it.</summary>
    private static string? FolderOf(string ns)
    {
        const string Prefix = "Realtime.Core.";
        if (!ns.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[Prefix.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static int LayerOf(string folder) => Array.FindIndex(CoreLayers, layer => layer.Contains(folder));
}
