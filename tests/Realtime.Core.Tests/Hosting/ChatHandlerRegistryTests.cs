using Moq;
using Realtime.Abstractions.Chat;
using Realtime.Core.Hosting;

namespace Realtime.Core.Tests.Hosting;

public sealed class ChatHandlerRegistryTests
{
    private ChatHandlerRegistry _registry = null!;

    [SetUp]
    public void SetUp() => _registry = new ChatHandlerRegistry();

    [Test]
    public void A_name_with_colons_is_registered_whole_and_by_its_last_part_until_disposed()
    {
        var handler = Mock.Of<IChatHandler>();

        var registration = _registry.Register("druid:prod:events", handler);
        var names = _registry.ServiceNames;
        registration.Dispose();

        Assert.Multiple(() =>
        {
            Assert.That(names, Is.EqualTo(new[] { "druid:prod:events", "events" }));
            Assert.That(_registry.Find("events"), Is.Null);
            Assert.That(_registry.ServiceNames, Is.Empty);
        });
    }

    [Test]
    public void A_taken_name_is_refused_and_nothing_of_the_refused_registration_stays()
    {
        var first = Mock.Of<IChatHandler>();
        _registry.Register("events", first);

        var error = Assert.Throws<InvalidOperationException>(() => _registry.Register("other:events", Mock.Of<IChatHandler>()));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain("'events' is already registered"));
            Assert.That(_registry.ServiceNames, Is.EqualTo(new[] { "events" }));
            Assert.That(_registry.Find("events"), Is.SameAs(first));
        });
    }

    [TestCase("")]
    [TestCase("a/b")]
    public void A_name_that_cannot_be_a_path_segment_is_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => _registry.Register(name, Mock.Of<IChatHandler>()));
    }

    [Test]
    public void Disposing_an_old_registration_leaves_a_newer_handler_of_the_same_name()
    {
        var old = _registry.Register("events", Mock.Of<IChatHandler>());
        old.Dispose();
        var newer = Mock.Of<IChatHandler>();
        _registry.Register("events", newer);

        old.Dispose();

        Assert.That(_registry.Find("events"), Is.SameAs(newer));
    }

    [Test]
    public void A_pipelines_registry_records_the_data_source_its_handlers_feed()
    {
        using var pipeline = _registry.For("wikipedia").Register("druid:wikipedia-push", Mock.Of<IChatHandler>());
        using var other = _registry.Register("embedded", Mock.Of<IChatHandler>());

        Assert.Multiple(() =>
        {
            Assert.That(_registry.DataSourceOf("druid:wikipedia-push"), Is.EqualTo("wikipedia"));
            Assert.That(_registry.DataSourceOf("wikipedia-push"), Is.EqualTo("wikipedia"), "by the last part of the name too");
            Assert.That(_registry.DataSourceOf("embedded"), Is.Null, "registered outside a pipeline");
            Assert.That(_registry.DataSourceOf("missing"), Is.Null);
        });
    }
}
