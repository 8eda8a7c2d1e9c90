using Realtime.Abstractions.Components;
using Realtime.Core.Storage;

[assembly: RealtimeComponent("local", typeof(LocalDeepStorage))]
[assembly: RealtimeComponent("sqlite", typeof(SqliteMetadataStorage))]
[assembly: RealtimeComponent("postgresql", typeof(PostgreSqlMetadataStorage))]
