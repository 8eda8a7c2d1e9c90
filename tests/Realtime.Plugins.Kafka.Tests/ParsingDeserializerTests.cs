using System.Text;
using Confluent.Kafka;
using Moq;
using Realtime.Abstractions.Parsing;

namespace Realtime.Plugins.Kafka.Tests;

public sealed class ParsingDeserializerTests
{
    private static readonly SerializationContext Value = new(MessageComponentType.Value, "edits");

    [Test]
    public void A_value_is_parsed_into_a_row()
    {
        var parsed = new ParsingDeserializer(KafkaSpecs.Parser()).Deserialize(Encoding.UTF8.GetBytes(KafkaSpecs.Row("e-1")), false, Value);

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Error, Is.Null);
            Assert.That(parsed.Row!.GetDimension("id"), Is.EqualTo(new[] { "e-1" }));
        });
    }

    [Test]
    public void A_rejected_value_becomes_an_error_instead_of_an_exception()
    {
        var parsed = new ParsingDeserializer(KafkaSpecs.Parser()).Deserialize("{\"id\":"u8, false, Value);

        Assert.Multiple(() =>
        {
            Assert.That(parsed.Row, Is.Null);
            Assert.That(parsed.Error, Is.InstanceOf<ParseException>());
        });
    }

    [Test]
    public void A_message_without_a_value_yields_no_row_and_is_not_parsed()
    {
        var parser = new Mock<IInputRowParser>(MockBehavior.Strict);

        var parsed = new ParsingDeserializer(parser.Object).Deserialize(ReadOnlySpan<byte>.Empty, true, Value);

        Assert.That(parsed, Is.EqualTo(default(ParsedMessage)));
    }
}
