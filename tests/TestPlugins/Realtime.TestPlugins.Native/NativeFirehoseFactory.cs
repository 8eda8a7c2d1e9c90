using System.Globalization;
using System.Runtime.InteropServices;
using Realtime.Abstractions.Components;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.TestPlugins.Native;

[assembly: RealtimeComponent("test-native", typeof(NativeFirehoseFactory))]

namespace Realtime.TestPlugins.Native;

/// <summary>
/// A firehose that emits one message: the bound Brotli gives for compressing <see cref="InputSize"/> bytes, asked
/// of the native library <c>realtimetestnative</c>, which only the plugin folder holds.
/// </summary>
public sealed partial class NativeFirehoseFactory : IFirehoseFactory
{
    /// <summary>The input size passed to the native call.</summary>
    public int InputSize { get; init; } = 1024;

    /// <inheritdoc />
    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken) =>
        new(new MessageFirehose(parser, [MaxCompressedSize((nuint)InputSize).ToString(CultureInfo.InvariantCulture)]));

    [LibraryImport("realtimetestnative", EntryPoint = "BrotliEncoderMaxCompressedSize")]
    private static partial nuint MaxCompressedSize(nuint inputSize);
}
