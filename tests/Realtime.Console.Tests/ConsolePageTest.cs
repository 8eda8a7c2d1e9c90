using Microsoft.Playwright;

namespace Realtime.Console.Tests;

/// <summary>A test of one console page: a browser page of its own, closed after the test.</summary>
public abstract class ConsolePageTest
{
    private readonly List<string> _scriptErrors = [];
    private IBrowserContext? _context;

    protected IPage Page { get; private set; } = null!;

    [SetUp]
    public async Task OpenBrowserAsync()
    {
        _context = await ConsoleNode.NewContextAsync();
        Page = await _context.NewPageAsync();
        Page.PageError += (_, error) => _scriptErrors.Add(error);
    }

    [TearDown]
    public async Task CloseBrowserAsync()
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
        }

        Assert.That(_scriptErrors, Is.Empty, "errors thrown by the console's scripts");
    }

    /// <summary>Opens <c>/console/#/{page}</c> and waits until the page has drawn what it read from the node.</summary>
    protected async Task OpenAsync(string page, string ready)
    {
        await Page.GotoAsync($"/console/#/{page}");
        await Page.Locator(ready).First.WaitForAsync();
    }

    /// <summary>The text of every cell of <paramref name="key"/> in the rows matched by <paramref name="rows"/>.</summary>
    protected Task<IReadOnlyList<string>> CellsAsync(string rows, string key) => Page.Locator($"{rows} td[data-key='{key}']").AllInnerTextsAsync();

    /// <summary>A number as the console prints it ("1,234"), or null for "–".</summary>
    protected static long? Number(string text) =>
        text.Trim() == "–" ? null : long.Parse(text.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
}
