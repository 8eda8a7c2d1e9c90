using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Plumbing;
using Realtime.Abstractions.Segments;
using Realtime.Abstractions.Storage;
using Realtime.Core.Cluster;
using Realtime.Core.Index;
using Realtime.Core.Metrics;
using Realtime.Core.Parsing;
using Realtime.Core.Plumbing;
using Realtime.Core.Query;
using Realtime.Core.Serving;
using Realtime.Core.Spec;

namespace Realtime.Core.Hosting;

/// <summary>
/// The realtime node: reads the spec, runs one <see cref="FireChief"/> per pipeline, and gives queries the
/// segments of every pipeline and of the local segment cache.
/// </summary>
/// <remarks>
/// Start-up errors (an invalid spec, a missing plugin, a metadata store that cannot be used) fail <see cref="StartAsync"/> with a message naming the
/// problem. A pipeline that fails later halts alone; the node keeps serving.
/// </remarks>
public sealed class RealtimeManager(
    IOptions<RealtimeOptions> options,
    RealtimeComponents components,
    IEnumerable<FireDepartment> embeddedSpecs,
    SegmentCache segmentCache,
    ISegmentMetadataStore metadataStore,
    ISegmentPuller puller,
    IServiceProvider services,
    RealtimeMetrics metrics,
    TimeProvider clock,
    ILoggerFactory loggerFactory,
    IHandedOffSegmentServer? handedOffServer = null) : IHostedService, ISegmentSource
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger = loggerFactory.CreateLogger<RealtimeManager>();
    private IReadOnlyList<FireChief> _pipelines = [];
    private Task _running = Task.CompletedTask;

    /// <summary>The pipelines, in spec order.</summary>
    public IReadOnlyList<FireChief> Pipelines => _pipelines;

    /// <summary>When the node started.</summary>
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>The components and plugins the node knows.</summary>
    public RealtimeComponents Components => components;

    /// <summary>Every data source with a pipeline or a served segment.</summary>
    public IReadOnlyCollection<string> DataSources =>
        _pipelines.Select(p => p.Spec.DataSchema.DataSource).Concat(segmentCache.DataSources).ToHashSet(StringComparer.Ordinal);

    /// <summary>The segments of <paramref name="dataSource"/> that queries read: live sinks and handed-off segments, each id once.</summary>
    public IReadOnlyList<IQueryableSegment> GetSegments(string dataSource)
    {
        var byId = new Dictionary<SegmentId, IQueryableSegment>();
        foreach (var segment in segmentCache.GetSegments(dataSource))
        {
            byId[segment.Id] = segment;
        }

        foreach (var pipeline in _pipelines.Where(p => p.Spec.DataSchema.DataSource == dataSource))
        {
            foreach (var segment in pipeline.Plumber.Segments)
            {
                byId.TryAdd(segment.Id, segment);
            }
        }

        return [.. byId.Values];
    }

    /// <summary>How <paramref name="dataSource"/> is ingested, when a pipeline ingests it.</summary>
    public IngestionSchema? GetSchema(string dataSource) =>
        _pipelines.FirstOrDefault(p => p.Spec.DataSchema.DataSource == dataSource)?.Spec.DataSchema is { } schema
            ? new IngestionSchema(schema.MetricsSpec, schema.GranularitySpec.QueryGranularity, schema.GranularitySpec.Rollup)
            : null;

    /// <summary>The timestamp of the newest event the pipelines of <paramref name="dataSource"/> ingested since start.</summary>
    public long? GetMaxIngestedEventTime(string dataSource) => _pipelines
        .Where(p => p.Spec.DataSchema.DataSource == dataSource)
        .Select(p => p.Metrics.MaxEventTimeMillis)
        .Max();

    /// <inheritdoc />
    /// <exception cref="Storage.MetadataStoreException">The metadata store cannot be reached or its table created.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var role = NodeRoles.Parse(options.Value.Role);
        var specs = embeddedSpecs.ToList();
        if (options.Value.SpecFile is { } file)
        {
            specs.AddRange(RealtimeSpecFile.Read(file, components.Serializer));
        }

        if (role != NodeRoles.Realtime && specs.Count > 0)
        {
            throw new ClusterConfigurationException(
                $"A {role} node ingests nothing, but {specs.Count} ingestion spec(s) were given ({options.Value.SpecFile ?? "built in code"}); run it without --spec, or as Realtime:Role=realtime.");
        }

        if (role != NodeRoles.Broker)
        {
            await metadataStore.InitializeAsync(cancellationToken);
        }

        _pipelines = specs.Select(CreatePipeline).ToList();
        if (handedOffServer is not null)
        {
            foreach (var dataSource in _pipelines.Select(p => p.Spec.DataSchema.DataSource).Distinct())
            {
                await ServeHandedOffSegmentsAsync(dataSource, _pipelines.First(p => p.Spec.DataSchema.DataSource == dataSource), cancellationToken);
            }
        }

        _running = Task.WhenAll(_pipelines.Select(p => p.RunAsync(_stopping.Token)));
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _running.WaitAsync(cancellationToken);
    }

    /// <summary>Completes when every pipeline has finished, stopped or failed.</summary>
    public Task WhenStoppedAsync() => _running;

    private FireChief CreatePipeline(FireDepartment spec)
    {
        var schema = spec.DataSchema;
        var indexes = IndexesFor(schema);
        var pipelineMetrics = metrics.ForPipeline(schema.DataSource, spec.PartitionNum);
        var plumber = spec.IoConfig.Plumber.FindPlumber(new PlumberContext
        {
            DataSource = schema.DataSource,
            SegmentGranularity = schema.GranularitySpec.SegmentGranularity,
            Tuning = spec.TuningConfig,
            Indexes = indexes,
            Metrics = pipelineMetrics,
            TimeProvider = clock,
            LoggerFactory = loggerFactory,
            Services = services,
        });
        IInputRowParser parser = schema.Parser!.Create(MapInputRowParserFactory.CreateContext(components.Serializer, schema.ImplicitExclusions, services, loggerFactory));
        if (schema.TransformSpec is { } transforms)
        {
            parser = transforms.Decorate(parser);
        }

        return new FireChief(spec, plumber, parser, pipelineMetrics, services, clock, loggerFactory);
    }

    private static IndexFactory IndexesFor(DataSchema schema) =>
        new(new IndexSchema(schema.ExplicitDimensions, schema.MetricsSpec, schema.GranularitySpec.QueryGranularity, schema.GranularitySpec.Rollup));

    private async Task ServeHandedOffSegmentsAsync(string dataSource, FireChief pipeline, CancellationToken cancellationToken)
    {
        var segments = await metadataStore.GetUsedSegmentsAsync(dataSource, cancellationToken);
        var indexes = IndexesFor(pipeline.Spec.DataSchema);
        foreach (var segment in segments.Where(s => !segmentCache.Contains(s.Identifier)))
        {
            var local = segmentCache.PathFor(segment);
            if (!Directory.Exists(local))
            {
                await puller.PullAsync(segment, local, cancellationToken);
            }

            segmentCache.Add(segment, indexes.Load(local));
        }

        HostingLog.ServingCachedSegments(_logger, segments.Count, dataSource, segmentCache.Directory);
    }
}
