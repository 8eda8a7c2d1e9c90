using System.Data.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Realtime.Core.Storage;
using Realtime.Testing;

namespace Realtime.Core.Tests.Storage;

/// <summary>
/// The PostgreSQL store against a real, throwaway server (one per fixture): the shared contract, and the start-up
/// errors that name the server, database and user.
/// </summary>
[Category("PostgreSql")]
public class PostgreSqlMetadataStoreTests : MetadataStoreContractTests
{
    private PostgreSqlServer _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await PostgreSqlServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [TearDown]
    public async Task DropTables()
    {
        foreach (var table in Strings(TableNamesQuery))
        {
            await _server.ExecuteAsSuperuserAsync(PostgreSqlServer.Database, $"DROP TABLE {table}");
        }
    }

    protected override string ConnectionString => _server.ConnectionString;

    protected override string PayloadType => "BYTEA";

    protected override string TableNamesQuery => "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename";

    protected override string IndexNamesQuery => "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public' AND tablename = @table ORDER BY indexname";

    protected override SqlMetadataStore NewStore(IOptions<MetadataStoreOptions> options) =>
        new PostgreSqlMetadataStore(options, Clock, NullLogger<PostgreSqlMetadataStore>.Instance);

    protected override DbConnection OpenDirect()
    {
        var connection = new NpgsqlConnection(_server.ConnectionString);
        connection.Open();
        return connection;
    }

    private SqlMetadataStore CreateStoreOn(string connectionString) =>
        NewStore(Options.Create(new MetadataStoreOptions { ConnectionString = connectionString }));

    [Test]
    public void Initialize_NothingListening_NamesHostAndPort()
    {
        var port = LoopbackPorts.Free();
        using var store = CreateStoreOn($"Host=127.0.0.1;Port={port};Database=druid;Username=druid;Password=secret;Timeout=5");

        Assert.That(() => store.InitializeAsync(CancellationToken.None), Throws.InstanceOf<MetadataStoreException>()
            .With.Message.Contains($"127.0.0.1:{port}, database 'druid', user 'druid'")
            .And.Message.Contains("connection refused"));
    }

    [Test]
    public void Initialize_WrongPassword_NamesTheUser()
    {
        using var store = CreateStoreOn(_server.ConnectionStringFor(PostgreSqlServer.Database, PostgreSqlServer.User, "not-the-password"));

        Assert.That(() => store.InitializeAsync(CancellationToken.None), Throws.InstanceOf<MetadataStoreException>()
            .With.Message.Contains($"user '{PostgreSqlServer.User}'")
            .And.Message.Contains("refused the user's credentials"));
    }

    [Test]
    public void Initialize_MissingDatabase_NamesTheDatabase()
    {
        using var store = CreateStoreOn(_server.ConnectionStringFor("no_such_database", PostgreSqlServer.User, PostgreSqlServer.Password));

        Assert.That(() => store.InitializeAsync(CancellationToken.None), Throws.InstanceOf<MetadataStoreException>()
            .With.Message.Contains($"{_server.Host}:{_server.Port}, database 'no_such_database'")
            .And.Message.Contains("the database does not exist"));
    }

    [Test]
    public async Task Initialize_UserWithoutCreateRights_SaysWhatToGrant()
    {
        var connectionString = await _server.CreateRoleWithoutCreateRightsAsync("reader", "reader-password");
        using var store = CreateStoreOn(connectionString);

        Assert.That(() => store.InitializeAsync(CancellationToken.None), Throws.InstanceOf<MetadataStoreException>()
            .With.Message.Contains("user 'reader'")
            .And.Message.Contains("may not create table druid_segments or the security tables beside it (druid_auth_users, druid_authz_users, druid_roles, druid_user_roles, druid_permissions); grant it CREATE on the schema"));
    }

    [Test]
    public void Create_NotAnNpgsqlConnectionString_NamesTheSetting()
    {
        Assert.That(() => CreateStoreOn("Data Source=data/metadata.db"), Throws.InstanceOf<MetadataStoreException>()
            .With.Message.Contains("Realtime:Metadata:ConnectionString is not an Npgsql connection string"));
    }
}
