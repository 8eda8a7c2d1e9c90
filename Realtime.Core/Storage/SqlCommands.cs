using System.Data.Common;
using System.Globalization;

namespace Realtime.Core.Storage;

/// <summary>The ADO.NET steps the metadata tables share: commands with parameters, in a transaction or not, and checks of what exists.</summary>
internal static class SqlCommands
{
    /// <summary>A command of <paramref name="sql"/> on <paramref name="connection"/>, in <paramref name="transaction"/> when given.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            Add(command, name, value);
        }

        return command;
    }

    /// <summary>Adds the parameter <c>@<paramref name="name"/></c>; null is sent as SQL NULL.</summary>
    public static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Runs a statement and returns the rows it changed.</summary>
    public static async Task<int> ExecuteAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs a query of one count-like value and returns it.</summary>
    public static async Task<long> CountAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Takes the dialect's lock for creating <paramref name="name"/>, when it has one, for the rest of the transaction.</summary>
    public static async Task LockAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, string name, CancellationToken cancellationToken)
    {
        if (dialect.SchemaLockStatement is { } schemaLock)
        {
            await ExecuteAsync(connection, transaction, schemaLock, cancellationToken, ("name", name));
        }
    }

    /// <summary>Whether the table <paramref name="name"/> exists.</summary>
    public static async Task<bool> TableExistsAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, string name, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, dialect.TableExistsQuery, ("name", name));
        return Convert.ToBoolean(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
