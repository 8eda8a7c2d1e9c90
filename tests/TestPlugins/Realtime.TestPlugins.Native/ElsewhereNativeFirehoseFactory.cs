using System.Globalization;
using System.Runtime.InteropServices;
using Realtime.Abstractions.Components;
using Realtime.Abstractions.Firehose;
using Realtime.Abstractions.Parsing;
using Realtime.TestPlugins.Native;

[assembly: RealtimeComponent("test-native-elsewhere", typeof(ElsewhereNativeFirehoseFactory))]

namespace Realtime.TestPlugins.Native;

/// <summary>
/// Like <see cref="NativeFirehoseFactory"/>, but asks the native library <c>realtimetestnativeelsewhere</c>, which
/// the tests put outside the plugin folder only.
/// </summary>
/// <remarks>
/// The runtime remembers a native library it found by its own probing under its name for the whole process, so a
/// test that needs a library to be missing uses a name no other test loads.
/// </remarks>
public sealed partial class ElsewhereNativeFirehoseFactory : IFirehoseFactory
{
    /// <inheritdoc />
    public ValueTask<IFirehose> ConnectAsync(IInputRowParser parser, FirehoseContext context, CancellationToken cancellationToken) =>
        new(new MessageFirehose(parser, [MaxCompressedSize(1024).ToString(CultureInfo.InvariantCulture)]));

    [LibraryImport("realtimetestnativeelsewhere", EntryPoint = "BrotliEncoderMaxCompressedSize")]
    private static partial nuint MaxCompressedSize(nuint inputSize);
}
