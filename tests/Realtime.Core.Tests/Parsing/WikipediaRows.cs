namespace Realtime.Core.Tests.Parsing;

/// <summary>The five wikipedia rows of Druid's data-formats.md, as JSON, CSV and TSV lines.</summary>
internal static class WikipediaRows
{
    public static readonly string[] Json =
    [
        "{\"timestamp\": \"2013-08-31T01:02:33Z\", \"page\": \"Gypsy Danger\", \"language\" : \"en\", \"user\" : \"nuclear\", \"unpatrolled\" : \"true\", \"newPage\" : \"true\", \"robot\": \"false\", \"anonymous\": \"false\", \"namespace\":\"article\", \"continent\":\"North America\", \"country\":\"United States\", \"region\":\"Bay Area\", \"city\":\"San Francisco\", \"added\": 57, \"deleted\": 200, \"delta\": -143}",
        "{\"timestamp\": \"2013-08-31T03:32:45Z\", \"page\": \"Striker Eureka\", \"language\" : \"en\", \"user\" : \"speed\", \"unpatrolled\" : \"false\", \"newPage\" : \"true\", \"robot\": \"true\", \"anonymous\": \"false\", \"namespace\":\"wikipedia\", \"continent\":\"Australia\", \"country\":\"Australia\", \"region\":\"Cantebury\", \"city\":\"Syndey\", \"added\": 459, \"deleted\": 129, \"delta\": 330}",
        "{\"timestamp\": \"2013-08-31T07:11:21Z\", \"page\": \"Cherno Alpha\", \"language\" : \"ru\", \"user\" : \"masterYi\", \"unpatrolled\" : \"false\", \"newPage\" : \"true\", \"robot\": \"true\", \"anonymous\": \"false\", \"namespace\":\"article\", \"continent\":\"Asia\", \"country\":\"Russia\", \"region\":\"Oblast\", \"city\":\"Moscow\", \"added\": 123, \"deleted\": 12, \"delta\": 111}",
        "{\"timestamp\": \"2013-08-31T11:58:39Z\", \"page\": \"Crimson Typhoon\", \"language\" : \"zh\", \"user\" : \"triplets\", \"unpatrolled\" : \"true\", \"newPage\" : \"false\", \"robot\": \"true\", \"anonymous\": \"false\", \"namespace\":\"wikipedia\", \"continent\":\"Asia\", \"country\":\"China\", \"region\":\"Shanxi\", \"city\":\"Taiyuan\", \"added\": 905, \"deleted\": 5, \"delta\": 900}",
        "{\"timestamp\": \"2013-08-31T12:41:27Z\", \"page\": \"Coyote Tango\", \"language\" : \"ja\", \"user\" : \"cancer\", \"unpatrolled\" : \"true\", \"newPage\" : \"false\", \"robot\": \"true\", \"anonymous\": \"false\", \"namespace\":\"wikipedia\", \"continent\":\"Asia\", \"country\":\"Japan\", \"region\":\"Kanto\", \"city\":\"Tokyo\", \"added\": 1, \"deleted\": 10, \"delta\": -9}",
    ];

    public static readonly string[] Csv =
    [
        "2013-08-31T01:02:33Z,\"Gypsy Danger\",\"en\",\"nuclear\",\"true\",\"true\",\"false\",\"false\",\"article\",\"North America\",\"United States\",\"Bay Area\",\"San Francisco\",57,200,-143",
        "2013-08-31T03:32:45Z,\"Striker Eureka\",\"en\",\"speed\",\"false\",\"true\",\"true\",\"false\",\"wikipedia\",\"Australia\",\"Australia\",\"Cantebury\",\"Syndey\",459,129,330",
        "2013-08-31T07:11:21Z,\"Cherno Alpha\",\"ru\",\"masterYi\",\"false\",\"true\",\"true\",\"false\",\"article\",\"Asia\",\"Russia\",\"Oblast\",\"Moscow\",123,12,111",
        "2013-08-31T11:58:39Z,\"Crimson Typhoon\",\"zh\",\"triplets\",\"true\",\"false\",\"true\",\"false\",\"wikipedia\",\"Asia\",\"China\",\"Shanxi\",\"Taiyuan\",905,5,900",
        "2013-08-31T12:41:27Z,\"Coyote Tango\",\"ja\",\"cancer\",\"true\",\"false\",\"true\",\"false\",\"wikipedia\",\"Asia\",\"Japan\",\"Kanto\",\"Tokyo\",1,10,-9",
    ];

    public static readonly string[] Tsv =
    [
        "2013-08-31T01:02:33Z\t\"Gypsy Danger\"\t\"en\"\t\"nuclear\"\t\"true\"\t\"true\"\t\"false\"\t\"false\"\t\"article\"\t\"North America\"\t\"United States\"\t\"Bay Area\"\t\"San Francisco\"\t57\t200\t-143",
        "2013-08-31T03:32:45Z\t\"Striker Eureka\"\t\"en\"\t\"speed\"\t\"false\"\t\"true\"\t\"true\"\t\"false\"\t\"wikipedia\"\t\"Australia\"\t\"Australia\"\t\"Cantebury\"\t\"Syndey\"\t459\t129\t330",
        "2013-08-31T07:11:21Z\t\"Cherno Alpha\"\t\"ru\"\t\"masterYi\"\t\"false\"\t\"true\"\t\"true\"\t\"false\"\t\"article\"\t\"Asia\"\t\"Russia\"\t\"Oblast\"\t\"Moscow\"\t123\t12\t111",
        "2013-08-31T11:58:39Z\t\"Crimson Typhoon\"\t\"zh\"\t\"triplets\"\t\"true\"\t\"false\"\t\"true\"\t\"false\"\t\"wikipedia\"\t\"Asia\"\t\"China\"\t\"Shanxi\"\t\"Taiyuan\"\t905\t5\t900",
        "2013-08-31T12:41:27Z\t\"Coyote Tango\"\t\"ja\"\t\"cancer\"\t\"true\"\t\"false\"\t\"true\"\t\"false\"\t\"wikipedia\"\t\"Asia\"\t\"Japan\"\t\"Kanto\"\t\"Tokyo\"\t1\t10\t-9",
    ];

    public static readonly string[] Columns =
    [
        "timestamp", "page", "language", "user", "unpatrolled", "newPage", "robot", "anonymous", "namespace", "continent", "country",
        "region", "city", "added", "deleted", "delta",
    ];

    public static readonly string[] Dimensions =
    [
        "page", "language", "user", "unpatrolled", "newPage", "robot", "anonymous", "namespace", "continent", "country", "region", "city",
    ];
}
