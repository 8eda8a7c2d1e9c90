using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.Abstractions.Plumbing;
using Realtime.Core.Components;
using Realtime.Core.Hosting;
using Realtime.Core.Metrics;
using Realtime.Core.Spec;

namespace Realtime.Core.Tests.Hosting;

public sealed class FireChiefTests
{
    [Test]
    public async Task A_persist_the_firehose_asks_for_ends_its_wait_and_runs_with_its_committer()
    {
        var committer = Committers.Nil;
        var firehose = new AskingFirehose(committer);
        var plumber = new Mock<IPlumber>();
        var persisted = new List<ICommitter>();
        plumber.Setup(p => p.Persist(It.IsAny<ICommitter>())).Callback<ICommitter>(c => persisted.Add(c));
        var finishedAfter = -1;
        plumber.Setup(p => p.FinishJobAsync(It.IsAny<CancellationToken>())).Callback(() => finishedAfter = persisted.Count).Returns(ValueTask.CompletedTask);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new RealtimeMetrics(services.GetRequiredService<IMeterFactory>(), TimeProvider.System);
        var chief = new FireChief(Spec(firehose), plumber.Object, Mock.Of<IInputRowParser>(), metrics.ForPipeline("pages", 0), services, TimeProvider.System, NullLoggerFactory.Instance);

        await chief.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(chief.State, Is.EqualTo(PipelineState.Finished), chief.Error);
            Assert.That(persisted, Is.EqualTo(new[] { committer }));
            Assert.That(finishedAfter, Is.EqualTo(1), "the requested persist came before the job finished");
            Assert.That(firehose.WaitsCancelled, Is.EqualTo(1));
        });
    }

    private static FireDepartment Spec(IFirehoseFactory firehose)
    {
        var parsed = new SpecSerializer(ComponentRegistry.BuiltIn).Deserialize<FireDepartment>("""
            { "dataSchema": { "dataSource": "pages", "parser": { "type": "string", "parseSpec": { "format": "json" } },
                "granularitySpec": { "segmentGranularity": "day" } },
              "ioConfig": { "type": "realtime", "firehose": { "type": "inline", "data": "" } } }
            """);
        return new FireDepartment { DataSchema = parsed.DataSchema, IoConfig = new IoConfig { Firehose = firehose }, TuningConfig = parsed.TuningConfig };
    }

    /// <summary>Asks for a persist, then waits for a row that never comes until the wait is cancelled; then ends.</summary>
    private sealed class AskingFirehose(ICommitter committer) : IFirehoseFactory, IFirehose
    {
        private Action _requestPersist = static () => { };
        private bool _asked;

        public int WaitsCancelled { get; private set; }

        public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken)
        {
            _requestPersist = context.RequestPersist;
            return new(this);
        }

        public async ValueTask<bool> HasMoreAsync(CancellationToken cancellationToken)
        {
            if (_asked)
            {
                return false;
            }

            _asked = true;
            _requestPersist();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                WaitsCancelled++;
                throw;
            }

            return true;
        }

        public InputRow? NextRow() => throw new InvalidOperationException("No rows.");

        public ICommitter MakeCommitter() => committer;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
