using ImageTasks.Core.References;
using Xunit;

namespace ImageTasks.Core.Tests.References;

/// <summary>The reference= glob is Go's path.Match: these rows are Go's own path.Match test table.</summary>
public sealed class ReferencePatternTests
{
    public static TheoryData<string, string, bool> GoMatchTable => new()
    {
        { "abc", "abc", true },
        { "*", "abc", true },
        { "*c", "abc", true },
        { "a*", "a", true },
        { "a*", "abc", true },
        { "a*", "ab/c", false },
        { "a*/b", "abc/b", true },
        { "a*/b", "a/c/b", false },
        { "a*b*c*d*e*/f", "axbxcxdxe/f", true },
        { "a*b*c*d*e*/f", "axbxcxdxexxx/f", true },
        { "a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false },
        { "a*b*c*d*e*/f", "axbxcxdxexxx/fff", false },
        { "a*b?c*x", "abxbbxdbxebxczzx", true },
        { "a*b?c*x", "abxbbxdbxebxczzy", false },
        { "ab[c]", "abc", true },
        { "ab[b-d]", "abc", true },
        { "ab[e-g]", "abc", false },
        { "ab[^c]", "abc", false },
        { "ab[^b-d]", "abc", false },
        { "ab[^e-g]", "abc", true },
        { "a\\*b", "a*b", true },
        { "a\\*b", "ab", false },
        { "a?b", "a☺b", true },
        { "a[^a]b", "a☺b", true },
        { "a???b", "a☺b", false },
        { "[a-ζ]*", "α", true },
        { "*[a-ζ]", "A", false },
        { "a?b", "a/b", false },
        { "a*b", "a/b", false },
        { "[\\]a]", "]", true },
        { "[\\-]", "-", true },
        { "[x\\-]", "x", true },
        { "[x\\-]", "-", true },
        { "[x\\-]", "z", false },
        { "[\\-x]", "x", true },
        { "[\\-x]", "-", true },
        { "[\\-x]", "a", false },
        { "*x", "xxx", true },
        { "library/*", "library/alpine", true },
        { "*/alpine", "library/alpine", true },
        { "*", "library/alpine", false },
    };

    [Theory]
    [MemberData(nameof(GoMatchTable))]
    public void Matches_as_go_path_match_does(string pattern, string name, bool expected) =>
        Assert.Equal(expected, ReferencePattern.Glob(pattern, name));

    [Theory]
    [InlineData("[]a]", "]")]
    [InlineData("[-]", "-")]
    [InlineData("[x-]", "x")]
    [InlineData("[-x]", "x")]
    [InlineData("\\", "a")]
    [InlineData("[a-b-c]", "a")]
    [InlineData("[", "a")]
    [InlineData("[^", "a")]
    [InlineData("[^bc", "a")]
    [InlineData("a[", "a")]
    [InlineData("a[", "ab")]
    [InlineData("a[", "x")]
    [InlineData("a/b[", "x")]
    [InlineData("x*y*[", "abc")]
    public void A_malformed_pattern_is_refused_even_when_the_name_fails_first(string pattern, string name)
    {
        var e = Assert.ThrowsAny<ImageTasksException>(() => ReferencePattern.Glob(pattern, name));
        Assert.Contains("syntax error in pattern", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 12 item 5: a backtracking matcher tried every split of the name among the stars (7 stars took 10.8 s).
    /// Each chunk is now placed once, so the work is bounded by pattern length x name length.
    /// </summary>
    [Theory]
    [InlineData(12, 120)]
    [InlineData(30, 400)]
    public void Many_stars_against_a_long_name_that_does_not_match_take_polynomial_steps(int stars, int nameLength)
    {
        var pattern = string.Concat(Enumerable.Repeat("a*", stars)) + "b";
        var name = new string('a', nameLength);

        var matched = ReferencePattern.Glob(pattern, name, out var steps);

        Assert.False(matched);
        Assert.InRange(steps, 1, (long)pattern.Length * (nameLength + 2));
    }

    [Fact]
    public void Many_stars_still_match_when_the_name_fits()
    {
        var pattern = string.Concat(Enumerable.Repeat("a*", 12)) + "b";

        Assert.True(ReferencePattern.Glob(pattern, new string('a', 120) + "b"));
        Assert.False(ReferencePattern.Glob(pattern, new string('a', 60) + "/" + new string('a', 60) + "b"));
    }
}
