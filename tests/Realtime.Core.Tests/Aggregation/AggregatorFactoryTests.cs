using System.Text.Json;
using Realtime.Abstractions.Segments;
using Realtime.Core.Aggregation;
using Realtime.Core.Components;
using Realtime.Core.Index;
using static Realtime.Core.Tests.Index.IndexTestData;
using Realtime.Core.Time;

namespace Realtime.Core.Tests.Aggregation;

public class AggregatorFactoryTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>Folds the values of field "v" of several rows (same key) with one aggregator; returns the stored value and the parse errors.</summary>
    private static (object? Value, List<string> Errors) Fold(AggregatorFactory aggregator, params object?[] values)
    {
        var schema = Schema([], Granularity.FromName("minute"), true, aggregator);
        var incremental = new IndexFactory(schema).CreateIncremental(Day);
        var errors = new List<string>();
        foreach (var value in values)
        {
            var result = incremental.Add(Row(Day.StartMillis, ["d"], ("d", "x"), ("v", value)));
            if (result.ParseError is { } error)
            {
                errors.Add(error);
            }
        }

        Assert.That(incremental.RowCount, Is.EqualTo(1));
        return (IndexRows.Read(incremental)[0].Metrics[aggregator.Name], errors);
    }

    [Test]
    public void Count_CountsFoldedEvents() =>
        Assert.That(Fold(new CountAggregatorFactory { Name = "n" }, 1, null, "x", 4).Value, Is.EqualTo(4L));

    [Test]
    public void LongSum_TruncatesEachDoubleInput() =>
        Assert.That(Fold(new LongSumAggregatorFactory { Name = "s", FieldName = "v" }, 1.9, 2.9, "3.7", 4L).Value, Is.EqualTo(1L + 2 + 3 + 4));

    [Test]
    public void DoubleAndFloatSums_AddInputs()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Fold(new DoubleSumAggregatorFactory { Name = "s", FieldName = "v" }, 1.5, 2L, "0.25").Value, Is.EqualTo(3.75));
            Assert.That(Fold(new FloatSumAggregatorFactory { Name = "s", FieldName = "v" }, 1.5, 2L, "0.25").Value, Is.EqualTo(3.75f));
        });
    }

    [Test]
    public void MinAndMax_KeepExtremes()
    {
        object?[] values = [5L, -2.5, "7", null];
        Assert.Multiple(() =>
        {
            Assert.That(Fold(new LongMinAggregatorFactory { Name = "m", FieldName = "v" }, values).Value, Is.EqualTo(-2L));
            Assert.That(Fold(new LongMaxAggregatorFactory { Name = "m", FieldName = "v" }, values).Value, Is.EqualTo(7L));
            Assert.That(Fold(new DoubleMinAggregatorFactory { Name = "m", FieldName = "v" }, values).Value, Is.EqualTo(-2.5));
            Assert.That(Fold(new DoubleMaxAggregatorFactory { Name = "m", FieldName = "v" }, values).Value, Is.EqualTo(7.0));
            Assert.That(Fold(new FloatMinAggregatorFactory { Name = "m", FieldName = "v" }, values).Value, Is.EqualTo(-2.5f));
            Assert.That(Fold(new FloatMaxAggregatorFactory { Name = "m", FieldName = "v" }, values).Value, Is.EqualTo(7f));
            Assert.That(Fold(new MinAggregatorFactory { Name = "m", FieldName = "v" }, values).Value, Is.EqualTo(-2.5));
            Assert.That(Fold(new MaxAggregatorFactory { Name = "m", FieldName = "v" }, values).Value, Is.EqualTo(7.0));
        });
    }

    [Test]
    public void MinAndMax_WithoutInput_HoldTheirIdentities()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Fold(new LongMinAggregatorFactory { Name = "m", FieldName = "v" }, [null]).Value, Is.EqualTo(long.MaxValue));
            Assert.That(Fold(new LongMaxAggregatorFactory { Name = "m", FieldName = "v" }, [null]).Value, Is.EqualTo(long.MinValue));
            Assert.That(Fold(new DoubleMinAggregatorFactory { Name = "m", FieldName = "v" }, [null]).Value, Is.EqualTo(double.PositiveInfinity));
            Assert.That(Fold(new DoubleMaxAggregatorFactory { Name = "m", FieldName = "v" }, [null]).Value, Is.EqualTo(double.NegativeInfinity));
            Assert.That(Fold(new FloatMinAggregatorFactory { Name = "m", FieldName = "v" }, [null]).Value, Is.EqualTo(float.PositiveInfinity));
            Assert.That(Fold(new FloatMaxAggregatorFactory { Name = "m", FieldName = "v" }, [null]).Value, Is.EqualTo(float.NegativeInfinity));
        });
    }

    [Test]
    public void NonNumericInput_IsAParseErrorNamingTheFieldAndIsSkipped()
    {
        var (value, errors) = Fold(new LongSumAggregatorFactory { Name = "s", FieldName = "v" }, 2L, "abc", true, 3L);
        Assert.Multiple(() =>
        {
            Assert.That(value, Is.EqualTo(5L));
            Assert.That(errors, Has.Count.EqualTo(2));
            Assert.That(errors, Has.All.Contains("'v'"));
            Assert.That(errors[0], Does.Contain("abc"));
        });
    }

    [Test]
    public void ListInput_ToANumericAggregator_IsAParseError()
    {
        var (value, errors) = Fold(new DoubleSumAggregatorFactory { Name = "s", FieldName = "v" }, 1.0, new List<object> { 1.0, 2.0 });
        Assert.Multiple(() =>
        {
            Assert.That(value, Is.EqualTo(1.0));
            Assert.That(errors.Single(), Does.Contain("'v'").And.Contain("list"));
        });
    }

    [Test]
    public void HyperUnique_CountsEveryValueOfLists()
    {
        var (value, errors) = Fold(new HyperUniqueAggregatorFactory { Name = "u", FieldName = "v" },
            "a", new List<string?> { "b", "c" }, "a", null, 42L);
        var sketch = (HyperLogLogCollector)value!;
        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(sketch.Estimate(), Is.EqualTo(4).Within(0.01));
        });
    }

    [Test]
    public void HyperUnique_WithSketchInput_FoldsSketches()
    {
        var first = new HyperLogLogCollector();
        first.Add("a");
        first.Add("b");
        var second = new HyperLogLogCollector();
        second.Add("b");
        second.Add("c");
        var (value, errors) = Fold(new HyperUniqueAggregatorFactory { Name = "u", FieldName = "v", IsInputHyperUnique = true },
            first, Convert.ToBase64String(second.ToByteArray()), "not base64!");
        Assert.Multiple(() =>
        {
            Assert.That(((HyperLogLogCollector)value!).Estimate(), Is.EqualTo(3).Within(0.01));
            Assert.That(errors.Single(), Does.Contain("'v'"));
        });
    }

    [Test]
    public void CombiningFactories_ReadTheColumnByName()
    {
        AggregatorFactory[] aggregators =
        [
            new CountAggregatorFactory { Name = "c" }, new LongSumAggregatorFactory { Name = "c", FieldName = "f" },
            new DoubleSumAggregatorFactory { Name = "c", FieldName = "f" }, new FloatSumAggregatorFactory { Name = "c", FieldName = "f" },
            new LongMinAggregatorFactory { Name = "c", FieldName = "f" }, new LongMaxAggregatorFactory { Name = "c", FieldName = "f" },
            new DoubleMinAggregatorFactory { Name = "c", FieldName = "f" }, new DoubleMaxAggregatorFactory { Name = "c", FieldName = "f" },
            new FloatMinAggregatorFactory { Name = "c", FieldName = "f" }, new FloatMaxAggregatorFactory { Name = "c", FieldName = "f" },
            new MinAggregatorFactory { Name = "c", FieldName = "f" }, new MaxAggregatorFactory { Name = "c", FieldName = "f" },
            new HyperUniqueAggregatorFactory { Name = "c", FieldName = "f" },
        ];
        foreach (var aggregator in aggregators)
        {
            var combining = aggregator.GetCombiningFactory();
            Assert.Multiple(() =>
            {
                Assert.That(combining.Name, Is.EqualTo("c"), aggregator.TypeName);
                Assert.That(combining.RequiredFields, Is.EqualTo(new[] { "c" }), aggregator.TypeName);
                Assert.That(combining.ColumnType, Is.EqualTo(aggregator.ColumnType), aggregator.TypeName);
            });
        }

        Assert.That(new CountAggregatorFactory { Name = "c" }.GetCombiningFactory(), Is.TypeOf<LongSumAggregatorFactory>());
    }

    [Test]
    public void Combine_FoldsPartialResults()
    {
        var left = new HyperLogLogCollector();
        left.Add("a");
        var right = new HyperLogLogCollector();
        right.Add("b");
        var hyperUnique = new HyperUniqueAggregatorFactory { Name = "u", FieldName = "f" };
        var combinedSketch = hyperUnique.Combine(left, right);
        Assert.Multiple(() =>
        {
            Assert.That(new CountAggregatorFactory { Name = "c" }.Combine(3L, 4L), Is.EqualTo(7L));
            Assert.That(new LongMinAggregatorFactory { Name = "c", FieldName = "f" }.Combine(3L, null), Is.EqualTo(3L));
            Assert.That(new DoubleMaxAggregatorFactory { Name = "c", FieldName = "f" }.Combine(3.5, 4.5), Is.EqualTo(4.5));
            Assert.That(new FloatMinAggregatorFactory { Name = "c", FieldName = "f" }.Combine(3.5f, 4.5f), Is.EqualTo(3.5f));
            Assert.That(hyperUnique.FinalizeValue(combinedSketch), Is.EqualTo(2.0).Within(0.01));
            Assert.That(left.Estimate(), Is.EqualTo(1.0).Within(0.01), "inputs are not modified");
            Assert.That(new LongSumAggregatorFactory { Name = "c", FieldName = "f" }.FinalizeValue(5L), Is.EqualTo(5L));
        });
    }

    [Test]
    public void HyperUnique_WithRound_FinalizesToTheNearestLong()
    {
        var sketch = new HyperLogLogCollector();
        sketch.Add("a");
        sketch.Add("b");
        var rounding = JsonSerializer.Deserialize<HyperUniqueAggregatorFactory>("""{"name":"u","fieldName":"user","round":true}""", Web)!;
        Assert.Multiple(() =>
        {
            Assert.That(rounding.FinalizeValue(sketch), Is.EqualTo(2L));
            Assert.That(rounding.FinalizeValue(null), Is.EqualTo(0L));
            Assert.That(((HyperUniqueAggregatorFactory)rounding.GetCombiningFactory()).Round, Is.True);
            Assert.That(rounding.ToJson()["round"]!.GetValue<bool>(), Is.True);
        });
    }

    [Test]
    public void ColumnTypes_FollowDruid()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new CountAggregatorFactory { Name = "c" }.Column, Is.EqualTo(new ColumnSchema("c", ColumnType.Long)));
            Assert.That(new FloatSumAggregatorFactory { Name = "c", FieldName = "f" }.Column.Type, Is.EqualTo(ColumnType.Float));
            Assert.That(new MinAggregatorFactory { Name = "c", FieldName = "f" }.Column.Type, Is.EqualTo(ColumnType.Double));
            Assert.That(new HyperUniqueAggregatorFactory { Name = "c", FieldName = "f" }.Column,
                Is.EqualTo(new ColumnSchema("c", ColumnType.Complex, "hyperUnique")));
        });
    }

    [Test]
    public void Json_ReadsDruidFieldsAndValidates()
    {
        var sum = JsonSerializer.Deserialize<LongSumAggregatorFactory>("""{"name":"packets","fieldName":"packets"}""", Web)!;
        var unique = JsonSerializer.Deserialize<HyperUniqueAggregatorFactory>("""{"name":"u","fieldName":"user","isInputHyperUnique":true}""", Web)!;
        Assert.Multiple(() =>
        {
            Assert.That(sum.RequiredFields, Is.EqualTo(new[] { "packets" }));
            Assert.That(unique.IsInputHyperUnique, Is.True);
            Assert.That(Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<LongSumAggregatorFactory>("""{"name":"packets"}""", Web))!.Message,
                Does.Contain("fieldName").And.Contain("packets"));
            Assert.That(Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<CountAggregatorFactory>("""{}""", Web))!.Message,
                Does.Contain("name"));
        });
    }

    [Test]
    public void SpecJson_ResolvesEveryDruidTypeName()
    {
        var options = SpecJson.CreateOptions(ComponentRegistry.BuiltIn);
        var metrics = SpecJson.Deserialize<List<AggregatorFactory>>("""
            [
              {"type": "count", "name": "count"},
              {"type": "longSum", "name": "a", "fieldName": "a"}, {"type": "doubleSum", "name": "b", "fieldName": "b"},
              {"type": "floatSum", "name": "c", "fieldName": "c"}, {"type": "longMin", "name": "d", "fieldName": "d"},
              {"type": "longMax", "name": "e", "fieldName": "e"}, {"type": "doubleMin", "name": "f", "fieldName": "f"},
              {"type": "doubleMax", "name": "g", "fieldName": "g"}, {"type": "floatMin", "name": "h", "fieldName": "h"},
              {"type": "floatMax", "name": "i", "fieldName": "i"}, {"name": "j", "fieldName": "j", "type": "min"},
              {"type": "max", "name": "k", "fieldName": "k"}, {"type": "hyperUnique", "name": "l", "fieldName": "l", "isInputHyperUnique": false}
            ]
            """, options);
        Assert.Multiple(() =>
        {
            Assert.That(metrics.Select(m => m.TypeName), Is.EqualTo(new[]
            {
                "count", "longSum", "doubleSum", "floatSum", "longMin", "longMax", "doubleMin", "doubleMax", "floatMin", "floatMax", "min", "max", "hyperUnique",
            }));
            Assert.That(metrics[10], Is.TypeOf<MinAggregatorFactory>());
            Assert.That(metrics.Skip(1).Select(m => m.RequiredFields.Single()), Is.EqualTo(metrics.Skip(1).Select(m => m.Name)));
        });
    }

    [Test]
    public void SpecJson_NamesTheMissingFieldAndItsPath()
    {
        var options = SpecJson.CreateOptions(ComponentRegistry.BuiltIn);
        var error = Assert.Throws<SpecException>(() => SpecJson.Deserialize<List<AggregatorFactory>>(
            """[{"type": "count", "name": "count"}, {"type": "longSum", "name": "packets"}]""", options, "metrics.json"))!;
        Assert.That(error.Message, Does.Contain("fieldName").And.Contain("packets").And.Contain("[1]"));
    }

    [Test]
    public void QueryOnlyAggregators_AreRefusedInMetricsSpecNamingTheEntry()
    {
        var error = Assert.Throws<SpecException>(() => Realtime.Core.Spec.RealtimeSpecFile.Parse(
            """
            [{"dataSchema": {"dataSource": "d",
                "parser": {"type": "string", "parseSpec": {"format": "json", "dimensionsSpec": {"dimensions": ["x"]}}},
                "metricsSpec": [{"type": "count", "name": "count"}, {"type": "longFirst", "name": "first", "fieldName": "v"}]},
              "ioConfig": {"type": "realtime", "firehose": {"type": "inline", "data": ""}}}]
            """,
            new SpecSerializer(ComponentRegistry.BuiltIn),
            "spec.json"))!;

        Assert.That(error.Message, Does.Contain("metricsSpec[1]").And.Contain("longFirst").And.Contain("queries only"));
    }

    [Test]
    public void ToJson_WritesTheTypeNameFirst()
    {
        var json = new DoubleMaxAggregatorFactory { Name = "m", FieldName = "f" }.ToJson().ToJsonString();
        Assert.That(json, Is.EqualTo("""{"type":"doubleMax","fieldName":"f","name":"m"}""").Or.EqualTo("""{"type":"doubleMax","name":"m","fieldName":"f"}"""));
    }

    [Test]
    public void IndexSchema_RejectsDuplicateAndInvalidColumns()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentException>(() => Schema([Str("a")], null, true, new CountAggregatorFactory { Name = "a" }))!.Message, Does.Contain("'a'"));
            Assert.That(Assert.Throws<ArgumentException>(() => Schema([Str("a"), Str("a")]))!.Message, Does.Contain("'a'"));
            Assert.That(Assert.Throws<ArgumentException>(() => Schema([], null, true, new DoubleSumAggregatorFactory { Name = "x" }))!.Message, Does.Contain("fieldName"));
        });
    }
}
