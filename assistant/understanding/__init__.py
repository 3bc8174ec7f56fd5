"""Reading a question: numbers, tool inputs (slots), intent cues and routing, conversations."""
