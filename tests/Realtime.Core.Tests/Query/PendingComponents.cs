using Realtime.Core.Components;

namespace Realtime.Core.Tests.Query;

/// <summary>Skips a test whose query uses a component type that is not registered yet; it runs as soon as the type is.</summary>
internal static class PendingComponents
{
    public static void Require<TSlot>(string typeName)
    {
        if (!ComponentRegistry.BuiltIn.TypeNames(typeof(TSlot)).Contains(typeName))
        {
            Assert.Ignore($"Needs the '{typeName}' {ComponentRegistry.SlotOf(typeof(TSlot))?.SlotName ?? typeof(TSlot).Name} component.");
        }
    }
}
