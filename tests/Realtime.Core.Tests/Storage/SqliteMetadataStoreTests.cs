using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Realtime.Core.Storage;

namespace Realtime.Core.Tests.Storage;

/// <summary>The SQLite store: the shared contract on a fresh file per test, and what is SQLite's own.</summary>
public class SqliteMetadataStoreTests : MetadataStoreContractTests
{
    private TempDirectory _temp = null!;

    [SetUp]
    public void CreateDirectory() => _temp = new TempDirectory();

    [TearDown]
    public void DeleteDirectory() => _temp.Dispose();

    private string DatabasePath => _temp.Combine("meta", "nested", "metadata.db");

    protected override string ConnectionString => $"Data Source={DatabasePath}";

    protected override string PayloadType => "BLOB";

    protected override string TableNamesQuery => "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";

    protected override string IndexNamesQuery => "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = @table ORDER BY name";

    protected override SqlMetadataStore NewStore(IOptions<MetadataStoreOptions> options) =>
        new SqliteMetadataStore(options, Clock, NullLogger<SqliteMetadataStore>.Instance);

    protected override DbConnection OpenDirect()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }

    [Test]
    public async Task Initialize_CreatesTheDirectoryAndUsesWriteAheadLogging()
    {
        await CreateStore().InitializeAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(DatabasePath), Is.True);
            Assert.That(Scalar("PRAGMA journal_mode"), Is.EqualTo("wal"));
        });
    }

    [Test]
    public void Initialize_UnusableFile_NamesTheFile()
    {
        File.WriteAllText(_temp.Combine("taken"), "a file where the database directory should be");
        var path = _temp.Combine("taken", "metadata.db");
        using var store = NewStore(Options.Create(new MetadataStoreOptions { ConnectionString = $"Data Source={path}" }));

        Assert.That(() => store.InitializeAsync(CancellationToken.None),
            Throws.InstanceOf<MetadataStoreException>().With.Message.Contains($"Cannot open the SQLite metadata store {path}"));
    }
}
