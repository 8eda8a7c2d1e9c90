namespace Realtime.Console.Tests;

public class SegmentsPageTests : ConsolePageTest
{
    [Test]
    public async Task ListsTheLiveSinkWithItsPersistedHydrantsAndTheHandedOffSegment()
    {
        await OpenAsync("segments", "[data-segment-id]");
        var segments = (await ConsoleNode.GetJsonAsync("/console/api/segments")).EnumerateArray().ToList();
        var shown = await Page.Locator("[data-segment-id]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.segmentId)");
        await ConsoleNode.ScreenshotAsync(Page, "segments");

        Assert.That(shown, Is.EquivalentTo(segments.Select(s => s.GetProperty("id").GetString())));
        var live = "[data-state='live']";
        var handedOff = "[data-state='handedOff']";
        Assert.Multiple(async () =>
        {
            Assert.That(await CellsAsync(live, "dataSource"), Is.EqualTo(new[] { "edits" }));
            Assert.That(await CellsAsync(live, "published"), Is.EqualTo(new[] { "no" }));
            Assert.That(await CellsAsync(live, "hydrants"), Has.One.Match(@"^\d+ \([1-9]\d*\)$"), "persisted hydrants");
            Assert.That(await CellsAsync(handedOff, "dataSource"), Is.EqualTo(new[] { "wikipedia" }));
            Assert.That(await CellsAsync(handedOff, "published"), Is.EqualTo(new[] { "yes" }));
            Assert.That((await CellsAsync(handedOff, "rows")).Select(Number), Is.EqualTo(new long?[] { 5 }));
            Assert.That(await CellsAsync(handedOff, "size"), Has.One.Match(@"^[\d.]+ (B|KiB|MiB)$"));
            Assert.That(await CellsAsync(handedOff, "servers"), Is.EqualTo(new[] { ConsoleNode.Node.Http.BaseAddress!.Authority }));
        });
    }

    [Test]
    public async Task DataSourcesEqualTheNodesAndPublishedSegmentsEqualTheMetadataStore()
    {
        await OpenAsync("segments", "[data-segment-id]");
        var dataSources = (await ConsoleNode.GetJsonAsync("/druid/v2/datasources")).EnumerateArray().Select(d => d.GetString());
        var used = ConsoleNode.Workspace.PublishedSegments().Where(s => s.Used).Select(s => s.Id);
        var published = await Page.Locator("[data-segment-id]")
            .EvaluateAllAsync<string[]>("rows => rows.filter(r => r.querySelector('td[data-key=published]').textContent === 'yes').map(r => r.dataset.segmentId)");

        Assert.Multiple(async () =>
        {
            Assert.That((await Page.GetByTestId("datasources").InnerTextAsync()).Split(", "), Is.EquivalentTo(dataSources));
            Assert.That((await CellsAsync("[data-segment-id]", "dataSource")).Distinct(), Is.EquivalentTo(dataSources));
            Assert.That(published, Is.EquivalentTo(used).And.Not.Empty);
        });
    }

    [Test]
    public async Task SortsByAClickedColumnAndFiltersByText()
    {
        await OpenAsync("segments", "[data-segment-id]");

        await Page.Locator("th[data-key='rows']").ClickAsync();
        var ascending = (await CellsAsync("[data-segment-id]", "rows")).Select(Number).ToList();
        await Page.Locator("th[data-key='rows']").ClickAsync();
        var descending = (await CellsAsync("[data-segment-id]", "rows")).Select(Number).ToList();
        await Page.GetByTestId("filter").FillAsync("edits");
        var filtered = await CellsAsync("[data-segment-id]", "dataSource");

        Assert.Multiple(() =>
        {
            Assert.That(ascending, Is.Ordered.Ascending.And.Count.EqualTo(2));
            Assert.That(descending, Is.Ordered.Descending.And.Count.EqualTo(2));
            Assert.That(filtered, Is.EqualTo(new[] { "edits" }));
        });
    }
}
