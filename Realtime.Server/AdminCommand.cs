using System.Text;
using Realtime.Core.Security;

namespace Realtime.Server;

/// <summary>
/// <c>Realtime.Server create-admin [--user NAME]</c>: creates an administrator (role <c>admin</c>, every permission) in
/// the configured metadata store, with the password read from standard input, and exits; the node's other settings
/// (<c>--Realtime:Metadata:…</c>) choose the store.
/// </summary>
internal static class AdminCommand
{
    /// <summary>The command's name, the first argument.</summary>
    public const string Name = "create-admin";

    /// <summary>Creates the administrator; returns the exit code (0 when created).</summary>
    /// <exception cref="SecurityAdministrationException">The user exists, or the name or password is not valid.</exception>
    public static async Task<int> RunAsync(IServiceProvider services, IConfiguration configuration)
    {
        var user = configuration["user"] is { Length: > 0 } name ? name : SecurityCatalog.InitialAdmin;
        var password = ReadPassword(user);
        await services.GetRequiredService<SecurityAdministration>().CreateAdminAsync(user, password, Name, CancellationToken.None);
        Console.WriteLine($"Created the administrator '{user}' with role 'admin'.");
        return 0;
    }

    // A password typed at a terminal is not echoed; piped in, it is the first line.
    private static string ReadPassword(string user)
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine() ?? "";
        }

        Console.Write($"Password for '{user}': ");
        var password = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                password.Length = Math.Max(0, password.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        Console.WriteLine();
        return password.ToString();
    }
}
