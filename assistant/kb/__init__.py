"""The knowledge base: playbook cards, deals, market benchmarks, spreadsheets and their checks."""
