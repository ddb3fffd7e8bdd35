namespace ImageTasks.Testing;

/// <summary>The outcome of a finished external command.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with both output streams when the command failed, so test logs show why.</summary>
    public ProcessResult EnsureSuccess(string what)
    {
        if (!Succeeded)
        {
            throw new InvalidOperationException(
                $"{what} failed with exit code {ExitCode}.{Environment.NewLine}stdout: {StandardOutput}{Environment.NewLine}stderr: {StandardError}");
        }

        return this;
    }
}
