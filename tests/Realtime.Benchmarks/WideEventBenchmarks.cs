using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Abstractions.Parsing;
using Realtime.Core.Components;
using Realtime.Core.Spec;

namespace Realtime.Benchmarks;

/// <summary>
/// One JSON event with many fields the spec does not name (two dimensions declared), parsed by the <c>string</c>
/// parser: the cost must grow linearly with the number of fields.
/// </summary>
[MemoryDiagnoser]
public class WideEventBenchmarks
{
    private byte[] _event = [];
    private IInputRowParser _parser = null!;

    [Params(50_000, 200_000)]
    public int Fields { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder("""{"timestamp":"2013-08-31T01:02:33Z","page":"Gypsy Danger","user":"nuclear" """);
        for (var i = 0; i < Fields; i++)
        {
            text.Append(",\"field").Append(i).Append("\":\"value").Append(i).Append('"');
        }

        _event = Encoding.UTF8.GetBytes(text.Append('}').ToString());
        var spec = RealtimeSpecFile.Parse("""
            {"dataSchema": {"dataSource": "wide",
              "parser": {"type": "string", "parseSpec": {"format": "json", "dimensionsSpec": {"dimensions": ["page", "user"]}}},
              "metricsSpec": [{"type": "count", "name": "count"}]},
             "ioConfig": {"firehose": {"type": "inline", "data": ""}}}
            """, new SpecSerializer(ComponentRegistry.BuiltIn))[0];
        _parser = spec.DataSchema.Parser!.Create(new ParserContext
        {
            ImplicitExclusions = spec.DataSchema.ImplicitExclusions,
            Services = new ServiceCollection().BuildServiceProvider(),
        });
    }

    /// <summary>Parses the event once.</summary>
    [Benchmark]
    public long ParseWideEvent() => _parser.Parse(_event)!.TimestampMillis;
}
