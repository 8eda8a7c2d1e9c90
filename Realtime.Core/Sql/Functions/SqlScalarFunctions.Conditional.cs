using Realtime.Core.Sql.Syntax;

namespace Realtime.Core.Sql.Functions;

internal static partial class SqlScalarFunctions
{
    private static IEnumerable<(string Name, Func<SqlCall, SqlScalarBinding> Bind)> ConditionalFunctions() =>
    [
        ("COALESCE", c => Coalesce(c.Arity(1, int.MaxValue))),
        ("NVL", c => Coalesce(c.Arity(2))),
        ("IFNULL", c => Coalesce(c.Arity(2))),
        ("NULLIF", NullIf),
    ];

    /// <summary>
    /// <c>COALESCE(a, b, …)</c>, <c>NVL(a, b)</c>, <c>IFNULL(a, b)</c>: the first argument that is not null (an empty
    /// string is a value), in the arguments' common type (<see cref="SqlValues.CommonType"/>); constant NULLs do not
    /// take part in the type, and all NULLs give VARCHAR.
    /// </summary>
    private static SqlScalarBinding Coalesce(SqlCall call)
    {
        var type = CommonType(call, Enumerable.Range(0, call.Count));
        var types = call.Args.Select(a => a.Type).ToArray();
        return new SqlScalarBinding(type, a =>
        {
            for (var i = 0; i < a.Length; i++)
            {
                if (a[i] is { } value)
                {
                    return SqlValues.Coerce(value, types[i], type);
                }
            }

            return null;
        });
    }

    /// <summary><c>NULLIF(a, b)</c>: null when a equals b, else a.</summary>
    private static SqlScalarBinding NullIf(SqlCall call)
    {
        call.Arity(2).Require(0, "value", "a value", _ => true).Require(1, "value", "a value", _ => true);
        if (!call.Args[0].IsNullConstant && !call.Args[1].IsNullConstant)
        {
            SqlValues.CheckComparable(call.Type(0), call.Type(1), call.Position);
        }

        SqlColumnType left = call.Type(0), right = call.Type(1);
        return new SqlScalarBinding(left, a => SqlValues.Compare(SqlBinaryOperator.Equal, left, a[0], right, a[1]) == true ? null : a[0]);
    }

    private static SqlColumnType CommonType(SqlCall call, IEnumerable<int> indices)
    {
        SqlColumnType? type = null;
        foreach (var i in indices)
        {
            var arg = call.Args[i];
            call.Require(i, "value", "a value", _ => true);
            if (!arg.IsNullConstant)
            {
                type = type is { } t ? SqlValues.CommonType(t, arg.Type, arg.Position, $"Function '{call.Name}' argument {i + 1}") : arg.Type;
            }
        }

        return type ?? SqlColumnType.Varchar;
    }
}
