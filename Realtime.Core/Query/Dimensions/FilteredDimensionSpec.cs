using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Realtime.Core.Extraction;
using Realtime.Core.Values;

namespace Realtime.Core.Query.Dimensions;

/// <summary>
/// A dimension spec that reads through <see cref="Delegate"/> and keeps only some of its values (<c>listFiltered</c>,
/// <c>regexFiltered</c>, <c>prefixFiltered</c>): useful on multi-value columns, where a row filter keeps every value of a
/// matching row. The column, output name, output type and extraction are the delegate's.
/// </summary>
public abstract class FilteredDimensionSpec : DimensionSpec
{
    /// <summary>The spec whose values are filtered.</summary>
    public DimensionSpec? Delegate { get; init; }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">On set: the column is the delegate's.</exception>
    [JsonIgnore]
    public override string Dimension
    {
        get => Inner.Dimension;
        init => throw DelegateOwns("dimension");
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">On set: the output name is the delegate's.</exception>
    [JsonIgnore]
    public override string OutputName
    {
        get => Inner.OutputName;
        init => throw DelegateOwns("outputName");
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">On set: the output type is the delegate's.</exception>
    [JsonIgnore]
    public override string OutputType
    {
        get => Inner.OutputType;
        init => throw DelegateOwns("outputType");
    }

    /// <inheritdoc />
    [JsonIgnore]
    public override ExtractionFn? ExtractionFn => Inner.ExtractionFn;

    /// <summary>The spec's JSON type name, for messages.</summary>
    private protected abstract string TypeName { get; }

    /// <summary>Keeps what the delegate keeps and this spec's own condition allows, so nested filtered specs all apply.</summary>
    public sealed override bool Keeps(string? value) => Inner.Keeps(value) && KeepsOwn(value);

    /// <summary>This spec's own condition on a (mapped) value.</summary>
    private protected abstract bool KeepsOwn(string? value);

    private DimensionSpec Inner => Delegate ?? throw new InvalidOperationException($"The {TypeName} dimension spec has no delegate.");

    /// <inheritdoc />
    public override void Validate()
    {
        if (Delegate is null)
        {
            throw new ArgumentException($"{TypeName} dimension spec: delegate is required.");
        }

        Delegate.Validate();
    }

    private NotSupportedException DelegateOwns(string field) =>
        new($"{TypeName} dimension spec: {field} is the delegate's; set it on the delegate spec.");
}

/// <summary>The <c>listFiltered</c> dimension spec: keeps the values in <see cref="Values"/> (or, with <see cref="IsWhitelist"/> false, the others).</summary>
public sealed class ListFilteredDimensionSpec : FilteredDimensionSpec
{
    private HashSet<string?>? _set;

    /// <summary>The values listed; a null or empty entry stands for no value.</summary>
    [JsonConverter(typeof(LenientStringListConverter))]
    public IReadOnlyList<string?>? Values { get; init; }

    /// <summary>Whether the listed values are kept (true, the default) or dropped.</summary>
    public bool IsWhitelist { get; init; } = true;

    /// <inheritdoc />
    private protected override string TypeName => "listFiltered";

    private HashSet<string?> Set => _set ??= new HashSet<string?>((Values ?? []).Select(EmptyText.ToNull), StringComparer.Ordinal);

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (Values is not { Count: > 0 })
        {
            throw new ArgumentException("listFiltered dimension spec: values is required and must not be empty.");
        }
    }

    /// <inheritdoc />
    private protected override bool KeepsOwn(string? value) => Set.Contains(EmptyText.ToNull(value)) == IsWhitelist;
}

/// <summary>The <c>regexFiltered</c> dimension spec: keeps the values that <see cref="Pattern"/> matches as a whole; no value is matched as the empty text.</summary>
public sealed class RegexFilteredDimensionSpec : FilteredDimensionSpec
{
    private Regex? _regex;

    /// <summary>The regular expression (.NET syntax) a whole value must match.</summary>
    public string? Pattern { get; init; }

    /// <inheritdoc />
    private protected override string TypeName => "regexFiltered";

    private Regex Regex => _regex ??= Compile();

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        _ = Regex;
    }

    /// <inheritdoc />
    private protected override bool KeepsOwn(string? value) => Regex.IsMatch(value ?? "");

    private Regex Compile()
    {
        Patterns.Compile(Pattern, RegexOptions.None, "regexFiltered dimension spec: pattern");
        return new Regex($@"\A(?:{Pattern})\z", RegexOptions.CultureInvariant);
    }
}

/// <summary>The <c>prefixFiltered</c> dimension spec: keeps the values that start with <see cref="Prefix"/>; no value is read as the empty text.</summary>
public sealed class PrefixFilteredDimensionSpec : FilteredDimensionSpec
{
    /// <summary>The text kept values start with.</summary>
    public string? Prefix { get; init; }

    /// <inheritdoc />
    private protected override string TypeName => "prefixFiltered";

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (Prefix is null)
        {
            throw new ArgumentException("prefixFiltered dimension spec: prefix is required.");
        }
    }

    /// <inheritdoc />
    private protected override bool KeepsOwn(string? value) => (value ?? "").StartsWith(Prefix ?? "", StringComparison.Ordinal);
}
