using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Sql.Planning;

/// <summary>The columns an expression can name: those of one relation, known by its alias (or table name).</summary>
internal sealed class SqlScope(IReadOnlyList<SqlColumn> columns, string? qualifier)
{
    public IReadOnlyList<SqlColumn> Columns { get; } = columns;

    public string? Qualifier { get; } = qualifier;

    /// <summary>The column an identifier names, or null.</summary>
    public ColumnExpr? Find(SqlIdentifier identifier)
    {
        if (identifier.Parts.Count > 2 || (identifier.Parts.Count == 2 && !string.Equals(identifier.Parts[0], Qualifier, StringComparison.Ordinal)))
        {
            return null;
        }

        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, identifier.Name, StringComparison.Ordinal))
            {
                return new ColumnExpr(i, Columns[i]);
            }
        }

        return null;
    }

    /// <summary>The column an identifier names.</summary>
    /// <exception cref="SqlPlanningException">No column has that name.</exception>
    public ColumnExpr Resolve(SqlIdentifier identifier) =>
        Find(identifier) ?? throw SqlPlanningException.Validation(
            identifier.Parts.Count == 2 && !string.Equals(identifier.Parts[0], Qualifier, StringComparison.Ordinal)
                ? $"Table '{identifier.Parts[0]}' not found"
                : $"Column '{identifier}' not found in any table", identifier.Position);
}
