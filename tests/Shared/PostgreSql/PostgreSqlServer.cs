using System.Diagnostics;
using Npgsql;

namespace Realtime.Testing;

/// <summary>
/// A throwaway PostgreSQL server for tests: <c>initdb</c> into a temporary directory, started with <c>pg_ctl</c>
/// on a free loopback port, with a database and a password-authenticated role for the code under test.
/// </summary>
/// <remarks>
/// Uses the server binaries of Debian's <c>postgresql</c> package (<c>/usr/lib/postgresql/&lt;version&gt;/bin</c>,
/// the newest version there). PostgreSQL refuses to run as root, so a root test process runs the server as the
/// <c>postgres</c> user. The fixture's own superuser connects over the Unix socket in the directory, where
/// connections are trusted; TCP connections need a password (SCRAM). Disposal stops the server and deletes the directory.
/// </remarks>
internal sealed class PostgreSqlServer : IAsyncDisposable
{
    /// <summary>The database the fixture creates, owned by <see cref="User"/>.</summary>
    public const string Database = "realtime";

    /// <summary>The role the fixture creates, allowed to create tables in <see cref="Database"/>.</summary>
    public const string User = "realtime";

    /// <summary>The password of <see cref="User"/>.</summary>
    public const string Password = "realtime-test-password";

    private const string InstallHint = "Install them with `apt-get install -y postgresql` (the Debian package of the PostgreSQL server).";
    private const string BinariesRoot = "/usr/lib/postgresql";
    private const string Superuser = "postgres";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    private readonly string _bin;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"realtime-pg-{Guid.NewGuid():N}");
    private readonly bool _runAsPostgres = Environment.IsPrivilegedProcess;
    private bool _started;

    private PostgreSqlServer(string bin) => _bin = bin;

    /// <summary>The loopback address the server listens on.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The server's TCP port.</summary>
    public int Port { get; private set; }

    /// <summary>An Npgsql connection string for <see cref="Database"/> as <see cref="User"/> over TCP.</summary>
    public string ConnectionString => ConnectionStringFor(Database, User, Password);

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>Initializes and starts a server, and creates <see cref="User"/> and <see cref="Database"/>.</summary>
    /// <exception cref="InvalidOperationException">The PostgreSQL binaries are not installed, or the server did not start; the message says why.</exception>
    public static async Task<PostgreSqlServer> StartAsync()
    {
        var server = new PostgreSqlServer(FindBinaries());
        try
        {
            await server.InitializeAndStartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An Npgsql connection string for this server over TCP; pooling is off, so nothing outlives a test.</summary>
    public string ConnectionStringFor(string database, string user, string password) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Database = database,
        Username = user,
        Password = password,
        Pooling = false,
    }.ConnectionString;

    /// <summary>
    /// Creates a login role with a password that may connect to <see cref="Database"/> but not create anything in
    /// it (PostgreSQL 15 and later grant no CREATE on schema <c>public</c>); returns its connection string.
    /// </summary>
    public async Task<string> CreateRoleWithoutCreateRightsAsync(string role, string password)
    {
        await ExecuteAsSuperuserAsync("postgres", $"CREATE ROLE {role} LOGIN PASSWORD '{password}'");
        await ExecuteAsSuperuserAsync(Database, $"REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO {role}");
        return ConnectionStringFor(Database, role, password);
    }

    /// <summary>Runs SQL in <paramref name="database"/> as the server's superuser, over the Unix socket.</summary>
    public async Task ExecuteAsSuperuserAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = _directory,
            Port = Port,
            Database = database,
            Username = Superuser,
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Stops the server at once (<c>pg_ctl stop -m immediate</c>) and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await RunAsync(Tool("pg_ctl"), "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }

        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task InitializeAndStartAsync()
    {
        // The directory is made by the user the server runs as, which then owns it.
        await RunAsync("mkdir", "-m", "700", _directory);
        await RunAsync(
            Tool("initdb"), "-D", DataDirectory, "-U", Superuser, "--auth-local=trust", "--auth-host=scram-sha-256",
            "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions");
        Port = LoopbackPorts.Free();
        _started = true;
        await RunAsync(
            Tool("pg_ctl"), "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", ((int)Patience.TotalSeconds).ToString(),
            "-o", $"-p {Port} -k {_directory} -c listen_addresses={Host} -c fsync=off", "start");
        await ExecuteAsSuperuserAsync("postgres", $"CREATE ROLE {User} LOGIN PASSWORD '{Password}'");
        await ExecuteAsSuperuserAsync("postgres", $"CREATE DATABASE {Database} OWNER {User}");
    }

    private string Tool(string name) => Path.Combine(_bin, name);

    /// <summary>Runs a program, as the <c>postgres</c> user when the tests run as root; fails with its output unless it exits with 0.</summary>
    private async Task RunAsync(string executable, params string[] arguments)
    {
        var start = new ProcessStartInfo(_runAsPostgres ? "runuser" : executable) { WorkingDirectory = Path.GetTempPath() };
        if (_runAsPostgres)
        {
            foreach (var prefix in new[] { "-u", Superuser, "--", executable })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var (exitCode, _, output) = await ChildCommand.RunAsync(start, Patience);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{executable} {string.Join(' ', arguments)} failed with exit code {exitCode}:\n{output}{ServerLog()}");
        }
    }

    private string ServerLog()
    {
        var log = Path.Combine(_directory, "server.log");
        return File.Exists(log) ? $"\nserver.log:\n{File.ReadAllText(log)}" : "";
    }

    private static string FindBinaries()
    {
        var versions = Directory.Exists(BinariesRoot)
            ? Directory.GetDirectories(BinariesRoot)
                .Where(d => File.Exists(Path.Combine(d, "bin", "pg_ctl")) && File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
                .ToList()
            : [];
        return versions.Count > 0
            ? Path.Combine(versions[0], "bin")
            : throw new InvalidOperationException($"The PostgreSQL server binaries (initdb, pg_ctl) are not under {BinariesRoot}/<version>/bin. {InstallHint}");
    }
}
