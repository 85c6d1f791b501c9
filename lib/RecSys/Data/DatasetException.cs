namespace RecSys.Data;

/// <summary>A dataset file is missing, corrupt or in the wrong format. The message says how to fix it.</summary>
public sealed class DatasetException : Exception
{
    public DatasetException(string message, Exception? inner = null) : base(message, inner) { }
}
