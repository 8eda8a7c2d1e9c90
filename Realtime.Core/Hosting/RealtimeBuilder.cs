using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Core.Spec;

namespace Realtime.Core.Hosting;

/// <summary>Configures the realtime node in <c>AddRealtime</c>: pipelines built in code and components from loaded assemblies.</summary>
public sealed class RealtimeBuilder(IServiceCollection services)
{
    /// <summary>The service collection being configured.</summary>
    public IServiceCollection Services { get; } = services;

    internal List<Assembly> ComponentAssemblies { get; } = [];

    /// <summary>Runs a pipeline built in code, beside any spec file.</summary>
    public RealtimeBuilder AddPipeline(FireDepartment spec)
    {
        spec.Validate();
        Services.AddSingleton(spec);
        return this;
    }

    /// <summary>Registers the <c>[assembly: RealtimeComponent]</c> components of an assembly the application already references.</summary>
    public RealtimeBuilder AddComponents(Assembly assembly)
    {
        ComponentAssemblies.Add(assembly);
        return this;
    }
}
