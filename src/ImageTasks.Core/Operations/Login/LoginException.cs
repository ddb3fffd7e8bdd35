using ImageTasks.Core.Diagnostics;

namespace ImageTasks.Core.Operations.Login;

/// <summary>A login that cannot be attempted: credentials missing and nothing stored to fall back on.</summary>
public sealed class LoginException : ImageTasksException
{
    public LoginException(string message) : base(DiagnosticCodes.LoginFailed, message) { }
}
