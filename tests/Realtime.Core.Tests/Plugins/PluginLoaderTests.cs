using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Realtime.Abstractions.Firehose;
using Realtime.Core.Plugins;
using Realtime.Core.Tests.Firehoses;
using Realtime.TestPlugins.Numerals;

namespace Realtime.Core.Tests.Plugins;

/// <summary>Loads the real plugin projects under tests/TestPlugins, which the build copies to TestPlugins/&lt;Name&gt;/.</summary>
public sealed class PluginLoaderTests
{
    private const string Echo = "Realtime.TestPlugins.Echo";
    private const string Sequence = "Realtime.TestPlugins.Sequence";
    private const string Conflict = "Realtime.TestPlugins.Conflict";
    private const string Native = "Realtime.TestPlugins.Native";
    private const string Future = "Realtime.TestPlugins.Future";
    private const string Yaml = "Realtime.TestPlugins.Yaml";
    private const string CoreUser = "Realtime.TestPlugins.CoreUser";

    private static readonly string BuiltPlugins = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestPlugins");

    private RecordingLogger<PluginLoader> _log = null!;
    private PluginLoader _loader = null!;
    private string _scratch = null!;

    [SetUp]
    public void SetUp()
    {
        _log = new RecordingLogger<PluginLoader>();
        _loader = new PluginLoader(_log);
        _scratch = Path.Combine(Path.GetTempPath(), "realtime-plugins-" + Guid.NewGuid().ToString("N"));
    }

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    [Test]
    public async Task Echo_plugin_registers_its_firehose_and_emits_rows_through_the_host_contract()
    {
        var plugin = _loader.Load(new PluginOptions { Directory = BuiltPlugins, LoadList = [Echo] }).Single();

        Assert.That(plugin.Name, Is.EqualTo(Echo));
        Assert.That(plugin.Path, Is.EqualTo(Path.Combine(BuiltPlugins, Echo, Echo + ".dll")));
        Assert.That(plugin.ContractsVersion, Is.EqualTo(typeof(IFirehoseFactory).Assembly.GetName().Version));
        var component = plugin.Components.Single();
        Assert.That(component.TypeName, Is.EqualTo("test-echo"));
        Assert.That(component.Implementation.Assembly, Is.SameAs(plugin.Assembly));

        var factory = (IFirehoseFactory)Activator.CreateInstance(component.Implementation)!;
        await using var firehose = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(), CancellationToken.None);
        var rows = await TextRowParser.ReadAllAsync(firehose);

        Assert.That(TextRowParser.Lines(rows), Is.EqualTo(new[] { "echo-0", "echo-1", "echo-2" }));
    }

    [Test]
    public void Contract_types_keep_the_host_identity_while_the_plugin_lives_in_its_own_context()
    {
        var plugin = _loader.Load(new PluginOptions { Directory = BuiltPlugins, LoadList = [Echo] }).Single();
        var implementation = plugin.Components.Single().Implementation;

        Assert.That(implementation.GetInterfaces(), Does.Contain(typeof(IFirehoseFactory)));
        Assert.That(AssemblyLoadContext.GetLoadContext(plugin.Assembly), Is.SameAs(plugin.LoadContext));
        Assert.That(plugin.LoadContext, Is.Not.SameAs(AssemblyLoadContext.Default));
        Assert.That(plugin.LoadContext.Assemblies.Select(a => a.GetName().Name), Does.Not.Contain("Realtime.Abstractions"));
    }

    [Test]
    public async Task Private_dependency_resolves_from_the_plugin_folder_even_when_the_host_has_it_too()
    {
        var plugin = _loader.Load(new PluginOptions { Directory = BuiltPlugins, LoadList = [Sequence] }).Single();

        var factory = (IFirehoseFactory)Activator.CreateInstance(plugin.Components.Single().Implementation)!;
        await using var firehose = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(), CancellationToken.None);
        Assert.That(TextRowParser.Lines(await TextRowParser.ReadAllAsync(firehose)), Is.EqualTo(new[] { "zero", "one", "two" }));

        var hostCopy = typeof(Numerals).Assembly;
        var pluginCopy = plugin.LoadContext.Assemblies.Single(a => a.GetName().Name == hostCopy.GetName().Name);
        Assert.That(pluginCopy, Is.Not.SameAs(hostCopy));
        Assert.That(pluginCopy.Location, Is.EqualTo(Path.Combine(BuiltPlugins, Sequence, "Realtime.TestPlugins.Numerals.dll")));
        Assert.That(AssemblyLoadContext.GetLoadContext(hostCopy), Is.SameAs(AssemblyLoadContext.Default));
    }

    [Test]
    public void Each_plugin_is_logged_with_path_contracts_version_type_names_and_assembly_sources()
    {
        var plugin = _loader.Load(new PluginOptions { Directory = BuiltPlugins, LoadList = [Sequence] }).Single();

        var messages = _log.Entries.Where(e => e.Level == LogLevel.Information).Select(e => e.Message).ToList();
        Assert.That(messages, Has.Some.Contains(plugin.Path).And.Contains(plugin.ContractsVersion.ToString()).And.Contains("test-numerals"));
        Assert.That(messages, Has.Some.Contains("private [Realtime.TestPlugins.Numerals]").And.Contains("Realtime.Abstractions"));
    }

    [Test]
    public void Without_a_load_list_every_folder_loads_in_name_order()
    {
        CopyPlugin(Sequence);
        CopyPlugin(Echo);

        var plugins = _loader.Load(new PluginOptions { Directory = _scratch });

        Assert.That(plugins.Select(p => p.Name), Is.EqualTo(new[] { Echo, Sequence }));
        Assert.That(plugins.Select(p => p.LoadContext).Distinct().Count(), Is.EqualTo(2));
    }

    [Test]
    public void Without_a_load_list_a_missing_directory_loads_nothing()
    {
        Assert.That(_loader.Load(new PluginOptions { Directory = _scratch }), Is.Empty);
    }

    [Test]
    public void A_relative_directory_is_taken_from_the_current_directory()
    {
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = TestContext.CurrentContext.TestDirectory;
        try
        {
            var plugin = _loader.Load(new PluginOptions { Directory = "TestPlugins", LoadList = [Echo] }).Single();
            Assert.That(plugin.Path, Is.EqualTo(Path.Combine(BuiltPlugins, Echo, Echo + ".dll")));
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }

    [Test]
    public void A_listed_plugin_that_is_missing_stops_loading_with_the_expected_path()
    {
        var e = Assert.Throws<PluginLoadException>(() =>
            _loader.Load(new PluginOptions { Directory = BuiltPlugins, LoadList = [Echo, "Realtime.TestPlugins.Absent"] }))!;

        var expected = Path.Combine(BuiltPlugins, "Realtime.TestPlugins.Absent", "Realtime.TestPlugins.Absent.dll");
        Assert.That(e.Message, Does.Contain(expected).And.Contain("LoadList"));
        Assert.That(e.PluginPath, Is.EqualTo(expected));
    }

    [Test]
    public void A_load_list_entry_may_be_an_absolute_folder()
    {
        var folder = CopyPlugin(Echo);

        var plugin = _loader.Load(new PluginOptions { Directory = BuiltPlugins, LoadList = [folder] }).Single();

        Assert.That(plugin.Path, Is.EqualTo(Path.Combine(folder, Echo + ".dll")));
    }

    [Test]
    public void A_plugin_listed_twice_is_refused()
    {
        var e = Assert.Throws<PluginLoadException>(() =>
            _loader.Load(new PluginOptions { Directory = BuiltPlugins, LoadList = [Echo, Path.Combine(BuiltPlugins, Echo)] }))!;

        Assert.That(e.Message, Does.Contain("twice").And.Contain(Path.Combine(BuiltPlugins, Echo)));
    }

    [Test]
    public void A_folder_without_an_assembly_named_after_it_stops_loading()
    {
        Directory.CreateDirectory(Path.Combine(_scratch, "Stray"));

        var e = Assert.Throws<PluginLoadException>(() => _loader.Load(new PluginOptions { Directory = _scratch }))!;

        Assert.That(e.Message, Does.Contain(Path.Combine(_scratch, "Stray", "Stray.dll")));
    }

    [Test]
    public void A_plugin_without_deps_json_is_refused_naming_the_missing_file()
    {
        var folder = CopyPlugin(Echo);
        var deps = Path.Combine(folder, Echo + ".deps.json");
        File.Delete(deps);

        var e = Assert.Throws<PluginLoadException>(() => _loader.Load(new PluginOptions { Directory = _scratch }))!;

        Assert.That(e.Message, Does.Contain(deps));
    }

    [Test]
    public void Two_plugins_claiming_one_type_name_are_refused_naming_both_paths()
    {
        var e = Assert.Throws<PluginLoadException>(() =>
            _loader.Load(new PluginOptions { Directory = BuiltPlugins, LoadList = [Echo, Conflict] }))!;

        Assert.That(e.Message, Does.Contain("firehose type 'test-echo'")
            .And.Contain(Path.Combine(BuiltPlugins, Echo, Echo + ".dll"))
            .And.Contain(Path.Combine(BuiltPlugins, Conflict, Conflict + ".dll")));
    }

    [Test]
    public void A_plugin_built_against_newer_contracts_is_refused_naming_both_versions_and_the_path()
    {
        var e = Assert.Throws<PluginLoadException>(() =>
            _loader.Load(new PluginOptions { Directory = BuiltPlugins, LoadList = [Future] }))!;

        Assert.That(e.Message, Does.Contain("1.99.0.0")
            .And.Contain(PluginLoader.HostContractsVersion.ToString())
            .And.Contain(Path.Combine(BuiltPlugins, Future, Future + ".dll")));
    }

    [Test]
    public void A_shared_assembly_comes_from_the_host_even_when_the_plugin_wants_a_newer_one_and_that_is_logged()
    {
        var path = Path.Combine(BuiltPlugins, Future, Future + ".dll");
        var loader = _loader.CreateLoader(path);
        var assembly = loader.LoadDefaultAssembly();
        var wanted = assembly.GetReferencedAssemblies().Single(a => a.Name == "Realtime.Abstractions");

        var sources = _loader.ResolveReferences(assembly, loader.LoadContext, path);

        Assert.That(loader.LoadContext.LoadFromAssemblyName(wanted), Is.SameAs(typeof(IFirehoseFactory).Assembly));
        Assert.That(sources["Realtime.Abstractions"], Is.EqualTo(AssemblySource.Shared));
        Assert.That(_log.Entries, Has.Some.Matches<(LogLevel Level, string Message)>(e =>
            e.Level == LogLevel.Warning && e.Message.Contains("1.99.0.0") && e.Message.Contains(PluginLoader.HostContractsVersion.ToString())));
    }

    [Test]
    public void Only_shared_assemblies_fall_back_to_the_host_copy_when_a_newer_version_is_wanted()
    {
        AssemblyName Newer(Assembly assembly) => new(assembly.GetName().Name!) { Version = new Version(99, 0, 0, 0) };

        Assert.That(PluginLoader.HostCopyOfSharedAssembly(Newer(typeof(IFirehoseFactory).Assembly)), Is.SameAs(typeof(IFirehoseFactory).Assembly));
        Assert.That(PluginLoader.HostCopyOfSharedAssembly(Newer(typeof(ILogger).Assembly)), Is.SameAs(typeof(ILogger).Assembly));
        Assert.That(PluginLoader.HostCopyOfSharedAssembly(Newer(typeof(PluginLoader).Assembly)), Is.Null, "Realtime.Core is not shared with plugins");
        Assert.That(PluginLoader.HostCopyOfSharedAssembly(Newer(typeof(Numerals).Assembly)), Is.Null);
    }

    [Test]
    public void A_plugin_built_against_realtime_core_is_refused_naming_the_path()
    {
        var e = Assert.Throws<PluginLoadException>(() =>
            _loader.Load(new PluginOptions { Directory = BuiltPlugins, LoadList = [CoreUser] }))!;

        Assert.That(e.Message, Does.Contain("Realtime.Core").And.Contain(Path.Combine(BuiltPlugins, CoreUser, CoreUser + ".dll")));
    }

    [Test]
    public async Task A_plugin_runs_with_its_own_version_of_a_dependency_the_host_has_in_another_version()
    {
        var plugin = _loader.Load(new PluginOptions { Directory = BuiltPlugins, LoadList = [Yaml] }).Single();

        var factory = (IFirehoseFactory)Activator.CreateInstance(plugin.Components.Single().Implementation)!;
        await using var firehose = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(), CancellationToken.None);
        var messages = TextRowParser.Lines(await TextRowParser.ReadAllAsync(firehose));

        var hostCopy = typeof(YamlDotNet.Serialization.ISerializer).Assembly;
        var carried = Path.Combine(BuiltPlugins, Yaml, "YamlDotNet.dll");
        var pluginCopy = plugin.LoadContext.Assemblies.Single(a => a.GetName().Name == "YamlDotNet");
        Assert.That(pluginCopy.Location, Is.EqualTo(carried));
        Assert.That(messages[0], Is.EqualTo(AssemblyName.GetAssemblyName(carried).Version!.ToString()));
        Assert.That(messages[0], Is.Not.EqualTo(hostCopy.GetName().Version!.ToString()));
        Assert.That(messages[1], Is.EqualTo("count: 3"));
        Assert.That(AssemblyLoadContext.GetLoadContext(hostCopy), Is.SameAs(AssemblyLoadContext.Default));
        Assert.That(new YamlDotNet.Serialization.SerializerBuilder().Build().Serialize(new Dictionary<string, int> { ["count"] = 3 }).Trim(),
            Is.EqualTo("count: 3"));
    }

    [TestCase("1.0", "1.0", true)]
    [TestCase("1.0", "1.1", true)]
    [TestCase("1.1", "1.0", false)]
    [TestCase("1.0.7.3", "1.0", true)]
    [TestCase("0.9", "1.0", true)]
    [TestCase("1.3", "1.4", true)]
    [TestCase("1.5", "1.4", false)]
    [TestCase("2.0", "1.9", false)]
    [TestCase("1.9", "2.0", true)]
    public void Contracts_version_rule_refuses_only_a_newer_major_minor(string plugin, string host, bool supported)
    {
        Assert.That(PluginLoader.IsContractsVersionSupported(Version.Parse(plugin), Version.Parse(host)), Is.EqualTo(supported));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_native_library_in_the_plugin_folder_is_found_by_its_short_name(bool underRuntimes)
    {
        Assume.That(OperatingSystem.IsLinux(), "The native library copied here is the runtime's Linux build.");
        var folder = CopyPlugin(Native);
        var nativeFolder = underRuntimes
            ? Path.Combine(folder, "runtimes", $"linux-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}", "native")
            : folder;
        Directory.CreateDirectory(nativeFolder);
        // The runtime's compression library exports Brotli; under this private name nothing but the plugin folder has it.
        File.Copy(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libSystem.IO.Compression.Native.so"),
            Path.Combine(nativeFolder, "librealtimetestnative.so"));

        var factory = NativeFactory();
        await using var firehose = await factory.ConnectAsync(new TextRowParser(), FirehoseContexts.Create(), CancellationToken.None);
        var bound = long.Parse(TextRowParser.Lines(await TextRowParser.ReadAllAsync(firehose)).Single()!, CultureInfo.InvariantCulture);

        Assert.That(bound, Is.GreaterThan(1024), "Brotli's worst case for 1024 bytes is larger than the input.");
    }

    [Test]
    public void A_native_library_outside_the_plugin_folder_is_not_found()
    {
        Assume.That(OperatingSystem.IsLinux(), "The native library copied here is the runtime's Linux build.");
        CopyPlugin(Native);
        // Beside the plugin folder, in the plugins directory: not the plugin's, so not found.
        File.Copy(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libSystem.IO.Compression.Native.so"),
            Path.Combine(_scratch, "librealtimetestnativeelsewhere.so"));

        Assert.ThrowsAsync<DllNotFoundException>(async () =>
            await NativeFactory("test-native-elsewhere").ConnectAsync(new TextRowParser(), FirehoseContexts.Create(), CancellationToken.None));
    }

    [Test]
    public void Native_file_names_try_the_platform_prefix_and_suffix()
    {
        Assume.That(OperatingSystem.IsLinux());

        Assert.That(NativeLibraryProbing.FileNames("rdkafka"), Is.EqualTo(new[] { "rdkafka", "librdkafka", "rdkafka.so", "librdkafka.so" }));
        Assert.That(NativeLibraryProbing.ProbingPaths("/p", "rdkafka"), Does.Contain(
            $"/p/runtimes/linux-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}/native/librdkafka.so"));
    }

    [Test]
    public void Options_bind_from_the_realtime_plugins_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Realtime:Plugins:Directory"] = "/opt/realtime/plugins",
            ["Realtime:Plugins:LoadList:0"] = "kafka",
            ["Realtime:Plugins:LoadList:1"] = "histogram",
        }).Build();

        var options = configuration.GetSection(PluginOptions.SectionName).Get<PluginOptions>()!;

        Assert.That(options.Directory, Is.EqualTo("/opt/realtime/plugins"));
        Assert.That(options.LoadList, Is.EqualTo(new[] { "kafka", "histogram" }));
        Assert.That(new ConfigurationBuilder().Build().GetSection(PluginOptions.SectionName).Get<PluginOptions>() ?? new PluginOptions(),
            Has.Property(nameof(PluginOptions.LoadList)).Null.And.Property(nameof(PluginOptions.Directory)).EqualTo("plugins"));
    }

    private IFirehoseFactory NativeFactory(string typeName = "test-native")
    {
        var plugin = _loader.Load(new PluginOptions { Directory = _scratch }).Single();
        return (IFirehoseFactory)Activator.CreateInstance(plugin.Components.Single(c => c.TypeName == typeName).Implementation)!;
    }

    private string CopyPlugin(string name)
    {
        var source = Path.Combine(BuiltPlugins, name);
        var target = Path.Combine(_scratch, name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }
}
