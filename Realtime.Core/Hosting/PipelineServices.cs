using Microsoft.Extensions.DependencyInjection;
using Realtime.Abstractions.Chat;

namespace Realtime.Core.Hosting;

/// <summary>
/// The node's services as a pipeline's firehose sees them (<c>FirehoseContext.Services</c>): the same, except that the
/// <see cref="IChatHandlerRegistry"/> registers handlers as feeding the pipeline's data source.
/// </summary>
internal sealed class PipelineServices(IServiceProvider services, string dataSource) : IKeyedServiceProvider
{
    /// <inheritdoc />
    public object? GetService(Type serviceType) =>
        serviceType == typeof(IChatHandlerRegistry) && services.GetService<ChatHandlerRegistry>() is { } registry
            ? registry.For(dataSource)
            : services.GetService(serviceType);

    /// <inheritdoc />
    public object? GetKeyedService(Type serviceType, object? serviceKey) => (services as IKeyedServiceProvider)?.GetKeyedService(serviceType, serviceKey);

    /// <inheritdoc />
    public object GetRequiredKeyedService(Type serviceType, object? serviceKey) => services.GetRequiredKeyedService(serviceType, serviceKey);
}
