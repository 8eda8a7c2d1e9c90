using System.Diagnostics;

namespace Realtime.Testing;

/// <summary>Runs a program the tests need (a server command, a database tool, npm) to its end, with its output captured.</summary>
internal static class ChildCommand
{
    /// <summary>
    /// Starts <paramref name="start"/> with its standard output and error redirected, writes <paramref name="input"/> (when
    /// given) to its standard input, and waits for it to exit.
    /// </summary>
    /// <returns>Its exit code, its standard output, and its standard output followed by its standard error.</returns>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="patience"/>; its process tree was killed.</exception>
    /// <exception cref="System.ComponentModel.Win32Exception">The program could not be started.</exception>
    public static async Task<(int ExitCode, string Standard, string Output)> RunAsync(ProcessStartInfo start, TimeSpan patience, string? input = null)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = input is not null;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var standard = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{start.FileName} {string.Join(' ', start.ArgumentList)}' did not finish within {patience}.");
        }

        return (process.ExitCode, await standard, await standard + await error);
    }
}
