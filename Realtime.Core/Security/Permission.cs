using System.Text.RegularExpressions;

namespace Realtime.Core.Security;

/// <summary>The kinds of resource a permission covers, as Druid names them.</summary>
public enum ResourceType
{
    /// <summary>A data source, by name (<c>DATASOURCE</c>): querying it, pushing to it.</summary>
    DataSource,

    /// <summary>The node's state (<c>STATE</c>): status, metrics, load status.</summary>
    State,

    /// <summary>Configuration (<c>CONFIG</c>): the users, roles and permissions themselves (resource <c>security</c>).</summary>
    Config,
}

/// <summary>What a permission lets its holder do to a resource; a WRITE permission does not grant READ.</summary>
public enum ResourceAction
{
    /// <summary>Read (<c>READ</c>).</summary>
    Read,

    /// <summary>Change (<c>WRITE</c>).</summary>
    Write,
}

/// <summary>
/// One grant of a role: an action on the resources of a type whose names match a pattern, Druid's
/// <c>{"resource": {"name": …, "type": …}, "action": …}</c>.
/// </summary>
/// <remarks>The name pattern is a regular expression that must match the whole name, as Druid's is.</remarks>
public sealed record Permission
{
    /// <summary>The name of the state resource; permissions on <see cref="ResourceType.State"/> usually name it or <c>.*</c>.</summary>
    public const string StateResource = "STATE";

    /// <summary>The name of the configuration resource the admin API is authorized against.</summary>
    public const string SecurityResource = "security";

    private readonly Regex _pattern;

    /// <summary>Creates a permission.</summary>
    /// <exception cref="ArgumentException"><paramref name="namePattern"/> is empty or not a regular expression.</exception>
    public Permission(ResourceType type, string namePattern, ResourceAction action)
    {
        if (string.IsNullOrEmpty(namePattern))
        {
            throw new ArgumentException("A permission's resource name pattern must not be empty.", nameof(namePattern));
        }

        Type = type;
        NamePattern = namePattern;
        Action = action;
        try
        {
            _pattern = new Regex($"^(?:{namePattern})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"The resource name pattern '{namePattern}' is not a regular expression: {e.Message}", nameof(namePattern), e);
        }
    }

    /// <summary>The kind of resource.</summary>
    public ResourceType Type { get; }

    /// <summary>The regular expression resource names must match whole.</summary>
    public string NamePattern { get; }

    /// <summary>The action granted.</summary>
    public ResourceAction Action { get; }

    /// <summary>Every permission on every resource: what the role <c>admin</c> holds.</summary>
    public static IReadOnlyList<Permission> All { get; } =
        [.. Enum.GetValues<ResourceType>().SelectMany(type => Enum.GetValues<ResourceAction>().Select(action => new Permission(type, ".*", action)))];

    /// <summary>Whether the permission lets its holder do <paramref name="action"/> to the resource named <paramref name="name"/> of type <paramref name="type"/>.</summary>
    public bool Grants(ResourceType type, string name, ResourceAction action)
    {
        if (type != Type || action != Action)
        {
            return false;
        }

        try
        {
            return _pattern.IsMatch(name);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Druid's name of a resource type: <c>DATASOURCE</c>, <c>STATE</c> or <c>CONFIG</c>.</summary>
    public static string Name(ResourceType type) => type switch
    {
        ResourceType.DataSource => "DATASOURCE",
        ResourceType.State => "STATE",
        _ => "CONFIG",
    };

    /// <summary>Druid's name of an action: <c>READ</c> or <c>WRITE</c>.</summary>
    public static string Name(ResourceAction action) => action == ResourceAction.Read ? "READ" : "WRITE";

    /// <summary>The resource type Druid names <paramref name="name"/>, case-insensitively.</summary>
    /// <exception cref="FormatException">The name is not one of <c>DATASOURCE</c>, <c>STATE</c>, <c>CONFIG</c>.</exception>
    public static ResourceType ParseType(string? name)
    {
        foreach (var type in Enum.GetValues<ResourceType>())
        {
            if (string.Equals(Name(type), name, StringComparison.OrdinalIgnoreCase))
            {
                return type;
            }
        }

        throw new FormatException($"'{name}' is not a resource type; use DATASOURCE, STATE or CONFIG.");
    }

    /// <summary>The action Druid names <paramref name="name"/>, case-insensitively.</summary>
    /// <exception cref="FormatException">The name is not <c>READ</c> or <c>WRITE</c>.</exception>
    public static ResourceAction ParseAction(string? name) =>
        string.Equals(name, "READ", StringComparison.OrdinalIgnoreCase) ? ResourceAction.Read
        : string.Equals(name, "WRITE", StringComparison.OrdinalIgnoreCase) ? ResourceAction.Write
        : throw new FormatException($"'{name}' is not an action; use READ or WRITE.");

    /// <summary>Whether <paramref name="other"/> grants the same action on the same type and pattern.</summary>
    public bool Equals(Permission? other) => other is not null && (Type, NamePattern, Action) == (other.Type, other.NamePattern, other.Action);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Type, NamePattern, Action);

    /// <inheritdoc />
    public override string ToString() => $"{Name(Action)} on {Name(Type)} '{NamePattern}'";
}
