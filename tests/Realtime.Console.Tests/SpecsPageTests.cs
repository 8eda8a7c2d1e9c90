using System.Text.Json.Nodes;

namespace Realtime.Console.Tests;

public class SpecsPageTests : ConsolePageTest
{
    [Test]
    public async Task ShowsTheSpecEachPipelineRunsWithItsDefaults()
    {
        await OpenAsync("specs", "[data-testid=spec]");
        var specs = (await ConsoleNode.GetJsonAsync("/console/api/specs")).EnumerateArray().ToList();
        await ConsoleNode.ScreenshotAsync(Page, "specs", fullPage: false);

        Assert.That(specs.Select(s => s.GetProperty("name").GetString()), Is.EqualTo(new[] { "wikipedia", "edits" }));
        foreach (var pipeline in specs)
        {
            var shown = JsonNode.Parse(await Page.Locator($"[data-pipeline='{pipeline.GetProperty("name").GetString()}'] pre").InnerTextAsync())!;
            var tuning = shown["tuningConfig"]!;
            Assert.Multiple(() =>
            {
                Assert.That(JsonNode.DeepEquals(shown, JsonNode.Parse(pipeline.GetProperty("spec").GetRawText())), Is.True);
                Assert.That(tuning["maxPendingPersists"]!.GetValue<int>(), Is.Zero, "a default the spec file leaves out");
                Assert.That(tuning["versioningPolicy"]!["type"]!.GetValue<string>(), Is.EqualTo("intervalStart"));
                Assert.That(tuning["shardSpec"]!["type"]!.GetValue<string>(), Is.EqualTo("none"));
                Assert.That(shown["ioConfig"]!["plumber"]!["type"]!.GetValue<string>(), Is.EqualTo("realtime"));
            });
        }

        Assert.That(JsonNode.Parse(await Page.Locator("[data-pipeline='edits'] pre").InnerTextAsync())!["tuningConfig"]!["maxRowsInMemory"]!.GetValue<int>(),
            Is.EqualTo(20), "the spec file's own setting");
    }
}
