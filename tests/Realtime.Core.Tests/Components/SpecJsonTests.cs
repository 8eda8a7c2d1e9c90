using System.Text.Json.Serialization;
using Realtime.Abstractions.Components;
using Realtime.Core.Components;
using Realtime.Core.Tests.Components;

[assembly: RealtimeComponent("paper", typeof(PaperShape))]
[assembly: RealtimeComponent("box", typeof(BoxShape))]

namespace Realtime.Core.Tests.Components;

[ComponentSlot("shape", DefaultType = "paper")]
public interface IShape;

public sealed class PaperShape : IShape
{
    public int Sheets { get; init; } = 1;
}

public sealed class BoxShape : IShape
{
    public required int Width { get; init; }

    public IShape? Inner { get; init; }

    public IReadOnlyList<IShape> Parts { get; init; } = [];
}

public sealed class Holder
{
    public IShape? Shape { get; init; }

    [JsonConverter(typeof(Abstractions.Time.IsoPeriodJsonConverter))]
    public TimeSpan Period { get; init; }
}

public class SpecJsonTests
{
    private static readonly SpecSerializer Serializer = new(new ComponentRegistry.Builder().Add(typeof(SpecJsonTests).Assembly, "tests").Build());

    [Test]
    public void ResolvesTheTypeNameEvenWhenItIsNotTheFirstProperty()
    {
        var holder = Serializer.Deserialize<Holder>("""{"shape": {"width": 3, "type": "box"}}""");

        Assert.That(holder.Shape, Is.TypeOf<BoxShape>().With.Property(nameof(BoxShape.Width)).EqualTo(3));
    }

    [Test]
    public void UsesTheSlotDefaultWhenTheTypeIsMissing()
    {
        var holder = Serializer.Deserialize<Holder>("""{"shape": {"sheets": 4}}""");

        Assert.That(holder.Shape, Is.TypeOf<PaperShape>().With.Property(nameof(PaperShape.Sheets)).EqualTo(4));
    }

    [Test]
    public void TypeNamesAreCaseInsensitive()
    {
        Assert.That(Serializer.Deserialize<Holder>("""{"shape": {"type": "BOX", "width": 1}}""").Shape, Is.TypeOf<BoxShape>());
    }

    [Test]
    public void AnUnknownTypeNamesThePathAndListsTheKnownTypes()
    {
        var error = Assert.Throws<SpecException>(() => Serializer.Deserialize<Holder>("""{"shape": {"type": "box", "width": 1, "inner": {"type": "sphere"}}}""", "my.json"))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.JsonPath, Is.EqualTo("$.shape.inner"));
            Assert.That(error.Problem, Does.Contain("Unknown shape type 'sphere'").And.Contain("box, paper"));
            Assert.That(error.Message, Does.StartWith("my.json at $.shape.inner"));
        });
    }

    [Test]
    public void AnErrorDeepInsideNestedComponentsKeepsTheWholePath()
    {
        var error = Assert.Throws<SpecException>(() => Serializer.Deserialize<Holder>(
            """{"shape": {"type": "box", "width": 1, "parts": [{"type": "paper"}, {"type": "box", "width": "wide"}]}}"""))!;

        Assert.That(error.JsonPath, Is.EqualTo("$.shape.parts[1].width"));
    }

    [Test]
    public void AMissingRequiredPropertyIsNamed()
    {
        var error = Assert.Throws<SpecException>(() => Serializer.Deserialize<Holder>("""{"shape": {"type": "box"}}"""))!;

        Assert.That(error.Message, Does.Contain("width"));
    }

    [Test]
    public void AComponentThatIsNotAnObjectIsExplained()
    {
        var error = Assert.Throws<SpecException>(() => Serializer.Deserialize<Holder>("""{"shape": "box"}"""))!;

        Assert.That(error.Problem, Does.Contain("must be a JSON object").And.Contain("found a string"));
    }

    [Test]
    public void MalformedJsonReportsTheLine()
    {
        var error = Assert.Throws<SpecException>(() => Serializer.Deserialize<Holder>("{\n\"shape\": {\n\"type\": \"box\",,\n}}"))!;

        Assert.That(error.Message, Does.Contain("(line 3)"));
    }

    [Test]
    public void ReadsDruidPeriods()
    {
        Assert.That(Serializer.Deserialize<Holder>("""{"period": "PT10m"}""").Period, Is.EqualTo(TimeSpan.FromMinutes(10)));
    }

    [Test]
    public void WritesComponentsWithTheirTypeNames()
    {
        var json = Serializer.SerializeToElement<IShape>(new BoxShape { Width = 2 });

        Assert.That(json.GetProperty("type").GetString(), Is.EqualTo("box"));
    }

    [Test]
    public void TwoComponentsClaimingOneNameAreRefusedWithBothSources()
    {
        var builder = new ComponentRegistry.Builder().Add(new RealtimeComponentAttribute("box", typeof(BoxShape)), "first.dll");

        var error = Assert.Throws<ComponentRegistrationException>(() => builder.Add(new RealtimeComponentAttribute("box", typeof(PaperShape)), "second.dll"))!;

        Assert.That(error.Message, Does.Contain("first.dll").And.Contain("second.dll").And.Contain("'box'"));
    }

    [Test]
    public void AComponentOutsideEverySlotIsRefused()
    {
        var error = Assert.Throws<ComponentRegistrationException>(() =>
            new ComponentRegistry.Builder().Add(new RealtimeComponentAttribute("text", typeof(string)), "odd.dll"))!;

        Assert.That(error.Message, Does.Contain("implements no component slot"));
    }
}
