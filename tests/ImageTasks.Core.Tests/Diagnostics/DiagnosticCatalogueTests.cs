using System.Reflection;
using System.Text.RegularExpressions;
using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Tests.Diagnostics;

/// <summary>The catalogue is the README's code table, each code means one thing, and every failure carries a code from it.</summary>
public sealed partial class DiagnosticCatalogueTests
{
    [Fact]
    public void The_README_code_table_is_the_catalogue()
    {
        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var table = readme
            .Select(line => TableRow().Match(line))
            .Where(match => match.Success)
            .Select(match => (Id: match.Groups["id"].Value, Meaning: match.Groups["meaning"].Value.Trim()))
            .ToList();

        Assert.Equal(DiagnosticCodes.All.Select(c => (c.Id, c.Meaning)), table);
    }

    [Fact]
    public void No_code_is_used_for_two_meanings_and_no_meaning_has_two_codes()
    {
        Assert.All(DiagnosticCodes.All, code => Assert.Matches("^IMG[0-9]{4}$", code.Id));
        Assert.Empty(DiagnosticCodes.All.GroupBy(c => c.Id).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(DiagnosticCodes.All.GroupBy(c => c.Meaning).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void Every_code_of_the_catalogue_is_listed_in_All()
    {
        var declared = typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticCode))
            .Select(f => (DiagnosticCode)f.GetValue(null)!)
            .OrderBy(c => c.Id, StringComparer.Ordinal);

        Assert.Equal(declared, DiagnosticCodes.All.OrderBy(c => c.Id, StringComparer.Ordinal));
    }

    [Fact]
    public void The_codes_the_build_has_always_printed_keep_their_numbers()
    {
        // Users' CI logs, NoWarn lists and docs name these; renumbering one silently breaks them.
        Assert.Equal("IMG1001", DiagnosticCodes.TagMutated.Id);
        Assert.Equal("IMG1002", DiagnosticCodes.LockMissing.Id);
        Assert.Equal("IMG1003", DiagnosticCodes.NotLocked.Id);
        Assert.Equal("IMG1004", DiagnosticCodes.PlatformNotLocked.Id);
        Assert.Equal("IMG1005", DiagnosticCodes.OfflineMissing.Id);
        Assert.Equal("IMG1006", DiagnosticCodes.LockUnreadable.Id);
        Assert.Equal("IMG1007", DiagnosticCodes.InvalidInput.Id);
        Assert.Equal("IMG1008", DiagnosticCodes.RegistryFailure.Id);
        Assert.Equal("IMG1010", DiagnosticCodes.PlatformMissing.Id);
        Assert.Equal("IMG1020", DiagnosticCodes.PullFailure.Id);
        Assert.DoesNotContain(DiagnosticCodes.All, c => c.Id == "IMG1000");
    }

    [Fact]
    public void Every_failure_type_of_the_engine_carries_a_code_from_the_catalogue()
    {
        var failures = ExceptionTypes.Coded(typeof(ImageTasksException).Assembly);

        Assert.NotEmpty(failures);
        Assert.All(failures, failure => Assert.Contains(failure.Exception.Code, DiagnosticCodes.All));
    }

    [GeneratedRegex(@"^\| (?<id>IMG[0-9]{4}) \|(?<meaning>[^|]+)\|$")]
    private static partial Regex TableRow();

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ImageTasks.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new DirectoryNotFoundException("no ImageTasks.sln above " + AppContext.BaseDirectory);
    }
}
