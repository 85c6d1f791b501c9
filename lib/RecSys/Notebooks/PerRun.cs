namespace RecSys.Notebooks;

/// <summary>
/// State that belongs to one notebook run (recorded figures, chart numbering). The runner executes several
/// notebooks in one process and names each run's results file in <see cref="Results.FileVariable"/>; when that
/// changes, the state starts afresh, so a notebook's output does not depend on what ran before it.
/// </summary>
sealed class PerRun<T>(Func<T> create)
{
    readonly object gate = new();
    T value = create();
    string? run = Environment.GetEnvironmentVariable(Results.FileVariable);

    public T Value
    {
        get
        {
            lock (gate)
            {
                string? current = Environment.GetEnvironmentVariable(Results.FileVariable);
                if (current != run)
                {
                    value = create();
                    run = current;
                }
                return value;
            }
        }
    }
}
