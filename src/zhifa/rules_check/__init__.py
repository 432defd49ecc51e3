"""INTERIM: check the rules catalog against the law Markdown files until the law library's resolver exists."""
