namespace NotebookRunner;

/// <summary>A problem with the runner's input (path, parameter, notebook format): the message says what and how to fix it.</summary>
public sealed class RunnerException(string message) : Exception(message);
