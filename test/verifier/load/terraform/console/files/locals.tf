# Template strings for the templatestring() cases: the function accepts only a reference, never a literal.
locals {
  greeting = "Hello, $${name}!"
  loop     = "%%{for x in xs}$${x};%%{endfor}"
  missing  = "$${a}"
}
