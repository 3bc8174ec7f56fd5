"""Answering: the tool plan, the composed sections and their texts, reasons and charts."""
