using System.Text.Json;
using CsCheck;

namespace ImageTasks.Core.Tests.Generated;

/// <summary>
/// JSON text generators: documents of the expected shape whose fields are sometimes missing, null, of the wrong type,
/// huge or malformed, plus truncated and random text. Built as text so anything JSON allows can appear.
/// </summary>
internal static class JsonGens
{
    public static string Quote(string text) => JsonSerializer.Serialize(text);

    /// <summary>A JSON value of any type: what a wrong-typed field holds.</summary>
    public static readonly Gen<string> AnyValue = Gen.OneOf<string>(
        "null", "true", "false", "0", "-1", "1", "1.5", "1e400", "-1e400", "99999999999999999999999", "9223372036854775808",
        "-9223372036854775809", "2147483648", "\"\"", "\"x\"", "[]", "[null]", "{}", "{\"a\":null}", "[[[[]]]]", "\"\\u0000\"", "\"\\ud800\"");

    /// <summary>A string field's value: mostly one of <paramref name="good"/>, else something wrong.</summary>
    public static Gen<string> StringField(Gen<string> good) =>
        Gen.Frequency((6, good.Select(Quote)), (1, AnyValue), (1, InputGens.Hostile.Select(Quote)));

    /// <summary>An object from generated members, each kept 6 times in 7 (so fields go missing), with duplicates now and then.</summary>
    public static Gen<string> Object(params (string Name, Gen<string> Value)[] members) =>
        Gen.Select(
            Gen.Bool.Array[members.Length * 2, members.Length * 2],
            Gen.Int[0, 6].Array[members.Length, members.Length],
            Sequence(members.Select(m => m.Value)),
            (dup, keep, values) => "{" + string.Join(",", members.SelectMany((m, i) =>
                keep[i] == 0 ? [] : dup[i] && dup[i + members.Length] ? new[] { $"{Quote(m.Name)}:{values[i]}", $"{Quote(m.Name)}:null" } : [$"{Quote(m.Name)}:{values[i]}"])) + "}");

    /// <summary>One value from each generator, in order.</summary>
    public static Gen<string[]> Sequence(IEnumerable<Gen<string>> gens) =>
        gens.Aggregate(Gen.Const(System.Array.Empty<string>()), (all, next) => Gen.Select(all, next, (a, v) => (string[])[.. a, v]));

    /// <summary>A JSON object of <paramref name="count"/> generated entries.</summary>
    public static Gen<string> Map(Gen<string> key, Gen<string> value, int max) =>
        Gen.Select(key, value).Array[0, max].Select(entries => "{" + string.Join(",", entries.Select(e => $"{Quote(e.Item1)}:{e.Item2}")) + "}");

    /// <summary>A JSON array of generated items (sometimes with nulls among them).</summary>
    public static Gen<string> Array(Gen<string> item, int max) =>
        Gen.Frequency((5, item), (1, Gen.Const("null"))).Array[0, max].Select(items => "[" + string.Join(",", items) + "]");

    /// <summary>Mostly <paramref name="document"/>; else a truncated copy, a wrong-typed root, or random text.</summary>
    public static Gen<string> Mixed(Gen<string> document) =>
        Gen.Frequency(
            (12, document),
            (1, Gen.Select(document, Gen.Double[0, 1], (d, cut) => d[..(int)(d.Length * cut)])),
            (1, AnyValue),
            (1, InputGens.RandomText));
}
