using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Realtime.Core.Metrics;

/// <summary>
/// Serves the <c>Realtime</c> meter in Prometheus text format 0.0.4. It listens with a <see cref="MeterListener"/>
/// and writes the exposition itself, since neither prometheus-net nor OpenTelemetry's Prometheus exporter is in
/// the package feed this project builds from.
/// </summary>
/// <remarks>
/// Only meters named <c>Realtime</c> created by the given meter factory are listened to. Counters keep cumulative
/// sums, gauges their last value and histograms cumulative buckets, per tag set. Observable gauges show only what
/// their callbacks report at each render; observable counters keep their last total. Names follow OpenTelemetry's
/// Prometheus conventions: dots become underscores, the unit is appended (<c>ms</c> as <c>_milliseconds</c>) and
/// counters end in <c>_total</c>. Recording and rendering are safe from any thread.
/// </remarks>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>The HTTP content type of the exposition.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, MetricFamily> _families = new();
    private readonly Lock _collecting = new();

    /// <summary>Starts listening to the <c>Realtime</c> meter of <paramref name="meterFactory"/>, including instruments created already.</summary>
    public PrometheusExporter(IMeterFactory meterFactory)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == RealtimeMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory)
                    && MetricFamily.TryCreate(instrument) is { } family)
                {
                    listener.EnableMeasurementEvents(instrument, _families.GetOrAdd(instrument, family));
                }
            },
        };
        _listener.SetMeasurementEventCallback<byte>(OnMeasurement);
        _listener.SetMeasurementEventCallback<short>(OnMeasurement);
        _listener.SetMeasurementEventCallback<int>(OnMeasurement);
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.SetMeasurementEventCallback<float>(OnMeasurement);
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.SetMeasurementEventCallback<decimal>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>Collects observable instruments and returns the exposition text.</summary>
    public string Render()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        Write(writer);
        return writer.ToString();
    }

    /// <summary>Collects observable instruments and writes the exposition text, metric families ordered by name.</summary>
    public void Write(TextWriter writer)
    {
        lock (_collecting)
        {
            foreach (var family in _families.Values)
            {
                family.BeginCollection();
            }

            _listener.RecordObservableInstruments();
            foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                family.Write(writer);
            }
        }
    }

    /// <summary>Stops listening.</summary>
    public void Dispose() => _listener.Dispose();

    private static void OnMeasurement<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        where T : struct, INumber<T> =>
        ((MetricFamily)state!).Record(double.CreateSaturating(value), tags);

    /// <summary>The Prometheus name of an instrument: sanitized, with its unit and, for counters, <c>_total</c> appended.</summary>
    internal static string MetricName(string instrumentName, string? unit, bool isCounter, bool isGauge)
    {
        var name = SanitizeName(instrumentName, allowColon: true);
        var suffix = UnitSuffix(unit, isGauge);
        if (suffix.Length > 0 && !name.EndsWith($"_{suffix}", StringComparison.Ordinal))
        {
            name = $"{name}_{suffix}";
        }

        return isCounter && !name.EndsWith("_total", StringComparison.Ordinal) ? $"{name}_total" : name;
    }

    private static string UnitSuffix(string? unit, bool isGauge)
    {
        // Annotations in braces ({event}, {row}) carry no unit.
        var text = unit ?? "";
        while (text.IndexOf('{') is var open and >= 0 && text.IndexOf('}', open) is var close and >= 0)
        {
            text = text.Remove(open, close - open + 1);
        }

        if (text == "1")
        {
            return isGauge ? "ratio" : "";
        }

        var slash = text.IndexOf('/');
        return slash < 0
            ? UnitWord(text)
            : $"{UnitWord(text[..slash])}_per_{PerUnitWord(text[(slash + 1)..])}".Trim('_');
    }

    private static string UnitWord(string unit) => unit switch
    {
        "" => "",
        "ns" => "nanoseconds",
        "us" => "microseconds",
        "ms" => "milliseconds",
        "s" => "seconds",
        "min" => "minutes",
        "h" => "hours",
        "d" => "days",
        "By" => "bytes",
        "KiBy" => "kibibytes",
        "MiBy" => "mebibytes",
        "GiBy" => "gibibytes",
        "%" => "percent",
        _ => SanitizeName(unit, allowColon: false),
    };

    private static string PerUnitWord(string unit) => unit switch
    {
        "s" => "second",
        "min" => "minute",
        "h" => "hour",
        "d" => "day",
        _ => UnitWord(unit),
    };

    /// <summary>A metric or label name with characters Prometheus does not allow replaced by <c>_</c>.</summary>
    internal static string SanitizeName(string name, bool allowColon)
    {
        var builder = new StringBuilder(name.Length + 1);
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            builder.Append('_');
        }

        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }

        return builder.ToString();
    }

    /// <summary>A label value escaped for the text format: backslash, double quote and line feed.</summary>
    internal static string EscapeLabelValue(string value) =>
        value.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);

    private static string FormatNumber(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Tags rendered as label pairs in name order, without braces: <c>a="x",b="y"</c>.</summary>
    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return "";
        }

        var pairs = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            pairs[i] = new(SanitizeName(tags[i].Key, allowColon: false), TagText(tags[i].Value));
        }

        Array.Sort(pairs, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return string.Join(',', pairs.Select(p => $"{p.Key}=\"{EscapeLabelValue(p.Value)}\""));
    }

    private static string TagText(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string WithLabels(string name, string labels) => labels.Length == 0 ? name : $"{name}{{{labels}}}";

    private enum Aggregation
    {
        Sum,
        Last,
        Histogram,
    }

    /// <summary>One instrument's series, keyed by their rendered labels.</summary>
    private sealed class MetricFamily
    {
        private static readonly double[] DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1_000, 2_500, 5_000, 7_500, 10_000];

        private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
        private readonly string _help;
        private readonly string _type;
        private readonly Aggregation _aggregation;
        private readonly bool _clearOnCollection;
        private readonly double[] _buckets;

        private MetricFamily(Instrument instrument, string type, Aggregation aggregation, bool clearOnCollection, double[]? buckets = null)
        {
            Name = MetricName(instrument.Name, instrument.Unit, isCounter: type == "counter", isGauge: type == "gauge");
            _help = EscapeHelp(instrument.Description ?? instrument.Name);
            _type = type;
            _aggregation = aggregation;
            _clearOnCollection = clearOnCollection;
            _buckets = buckets ?? DefaultBuckets;
        }

        public string Name { get; }

        public static MetricFamily? TryCreate(Instrument instrument)
        {
            var kind = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : null;
            if (kind == typeof(Counter<>))
            {
                return new MetricFamily(instrument, "counter", Aggregation.Sum, clearOnCollection: false);
            }

            if (kind == typeof(ObservableCounter<>))
            {
                return new MetricFamily(instrument, "counter", Aggregation.Last, clearOnCollection: false);
            }

            if (kind == typeof(UpDownCounter<>))
            {
                return new MetricFamily(instrument, "gauge", Aggregation.Sum, clearOnCollection: false);
            }

            if (kind == typeof(Gauge<>))
            {
                return new MetricFamily(instrument, "gauge", Aggregation.Last, clearOnCollection: false);
            }

            if (kind == typeof(ObservableGauge<>) || kind == typeof(ObservableUpDownCounter<>))
            {
                return new MetricFamily(instrument, "gauge", Aggregation.Last, clearOnCollection: true);
            }

            return kind == typeof(Histogram<>)
                ? new MetricFamily(instrument, "histogram", Aggregation.Histogram, clearOnCollection: false, BucketsOf(instrument))
                : null;
        }

        private static double[]? BucketsOf(Instrument instrument) => instrument switch
        {
            Histogram<double> { Advice.HistogramBucketBoundaries: { } b } => [.. b],
            Histogram<long> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(v => (double)v)],
            Histogram<int> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(v => (double)v)],
            Histogram<float> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(v => (double)v)],
            _ => null,
        };

        public void BeginCollection()
        {
            if (_clearOnCollection)
            {
                _series.Clear();
            }
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var series = _series.GetOrAdd(Labels(tags), static (_, buckets) => new Series(buckets.Length), _buckets);
            lock (series)
            {
                switch (_aggregation)
                {
                    case Aggregation.Sum:
                        series.Value += value;
                        break;
                    case Aggregation.Last:
                        series.Value = value;
                        break;
                    default:
                        var bucket = 0;
                        while (bucket < _buckets.Length && value > _buckets[bucket])
                        {
                            bucket++;
                        }

                        series.BucketCounts[bucket]++;
                        series.Value += value;
                        series.Count++;
                        break;
                }
            }
        }

        public void Write(TextWriter writer)
        {
            if (_series.IsEmpty)
            {
                return;
            }

            writer.Write($"# HELP {Name} {_help}\n# TYPE {Name} {_type}\n");
            foreach (var (labels, series) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                lock (series)
                {
                    if (_aggregation != Aggregation.Histogram)
                    {
                        writer.Write($"{WithLabels(Name, labels)} {FormatNumber(series.Value)}\n");
                        continue;
                    }

                    var prefix = labels.Length == 0 ? "" : $"{labels},";
                    long cumulative = 0;
                    for (var i = 0; i <= _buckets.Length; i++)
                    {
                        cumulative += series.BucketCounts[i];
                        var le = i < _buckets.Length ? FormatNumber(_buckets[i]) : "+Inf";
                        writer.Write($"{Name}_bucket{{{prefix}le=\"{le}\"}} {cumulative}\n");
                    }

                    writer.Write($"{WithLabels($"{Name}_sum", labels)} {FormatNumber(series.Value)}\n");
                    writer.Write($"{WithLabels($"{Name}_count", labels)} {series.Count}\n");
                }
            }
        }
    }

    /// <summary>The state of one tag set: a sum or last value, and for histograms the count per bucket (the last is +Inf).</summary>
    private sealed class Series(int buckets)
    {
        public double Value;
        public long Count;
        public readonly long[] BucketCounts = new long[buckets + 1];
    }
}
