using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Generated;

/// <summary>The property every parser keeps on any input: it succeeds, or refuses with a coded one-line error.</summary>
internal static class Refusal
{
    /// <returns>null when <paramref name="call"/> succeeded or threw a coded one-line error; else what went wrong</returns>
    public static string? Check(Action call)
    {
        try
        {
            call();
            return null;
        }
        catch (ImageTasksException e)
        {
            return e.Code is null ? "no code" : GeneratedCases.MessageProblem(e.Message);
        }
        catch (Exception e)
        {
            return $"threw {e.GetType().FullName}: {GeneratedCases.Show(e.Message)}";
        }
    }

    public static async Task<string?> CheckAsync(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (ImageTasksException e)
        {
            return e.Code is null ? "no code" : GeneratedCases.MessageProblem(e.Message);
        }
        catch (Exception e)
        {
            return $"threw {e.GetType().FullName}: {GeneratedCases.Show(e.Message)}";
        }
    }
}
