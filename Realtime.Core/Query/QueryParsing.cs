using Realtime.Core.Components;
using Realtime.Core.Query.Model;

namespace Realtime.Core.Query;

/// <summary>Reads and checks query JSON, with errors that name the JSON path.</summary>
internal static class QueryParsing
{
    /// <exception cref="InvalidQueryException">The JSON is malformed or is not a valid query.</exception>
    public static Model.Query Parse(SpecSerializer serializer, string json)
    {
        Model.Query query;
        try
        {
            query = serializer.Deserialize<Model.Query>(json, "query");
        }
        catch (SpecException e)
        {
            throw new InvalidQueryException(e.Message, e.JsonPath, e);
        }

        Validate(query);
        return query;
    }

    /// <exception cref="InvalidQueryException">A field of the query is missing or wrong.</exception>
    public static void Validate(Model.Query query)
    {
        try
        {
            query.Validate();
        }
        catch (QueryValidationException e)
        {
            throw new InvalidQueryException(e.Message, e.Path, e);
        }
    }
}
