"""The program report: figures over the pairs of each program, and the files they are written to."""
