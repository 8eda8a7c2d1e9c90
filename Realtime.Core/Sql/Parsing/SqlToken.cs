namespace Realtime.Core.Sql.Parsing;

/// <summary>The kinds of token in Druid SQL text.</summary>
internal enum SqlToken
{
    /// <summary>An unquoted word: a keyword or an identifier, told apart by the grammar.</summary>
    Word,

    /// <summary>A double-quoted identifier, <c>"__time"</c>.</summary>
    QuotedIdentifier,

    /// <summary>A number: <c>12</c>, <c>1.5</c>, <c>.5</c>, <c>2e3</c>.</summary>
    Number,

    /// <summary>A character string, <c>'it''s'</c>.</summary>
    String,

    /// <summary>A dynamic parameter, <c>?</c>.</summary>
    Parameter,

    /// <summary><c>,</c>.</summary>
    Comma,

    /// <summary><c>.</c>.</summary>
    Dot,

    /// <summary><c>(</c>.</summary>
    LeftParen,

    /// <summary><c>)</c>.</summary>
    RightParen,

    /// <summary><c>;</c>.</summary>
    Semicolon,

    /// <summary><c>*</c>.</summary>
    Star,

    /// <summary><c>+</c>.</summary>
    Plus,

    /// <summary><c>-</c>.</summary>
    Minus,

    /// <summary><c>/</c>.</summary>
    Slash,

    /// <summary><c>%</c>.</summary>
    Percent,

    /// <summary><c>||</c>.</summary>
    Concat,

    /// <summary><c>=</c>.</summary>
    Equal,

    /// <summary><c>&lt;&gt;</c> or <c>!=</c>.</summary>
    NotEqual,

    /// <summary><c>&lt;</c>.</summary>
    Less,

    /// <summary><c>&lt;=</c>.</summary>
    LessOrEqual,

    /// <summary><c>&gt;</c>.</summary>
    Greater,

    /// <summary><c>&gt;=</c>.</summary>
    GreaterOrEqual,
}
