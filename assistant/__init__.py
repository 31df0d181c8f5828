"""前例回答アシスタント: reuse a city's past answers to public comments."""

import warnings

# tqdm warns, in English, when a notebook has no ipywidgets; the progress it would draw is never shown
# by this tool (progress goes through Japanese messages), so the warning is only noise for analysts.
warnings.filterwarnings("ignore", message="IProgress not found")
