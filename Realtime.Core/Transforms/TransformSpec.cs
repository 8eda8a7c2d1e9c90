namespace Realtime.Core.Transforms;
/// <summary>TEMP STUB until the parsing helper lands.</summary>
public sealed class TransformSpec { /// <summary>x</summary>
public Realtime.Abstractions.Parsing.IInputRowParser Decorate(Realtime.Abstractions.Parsing.IInputRowParser p) => p; }
