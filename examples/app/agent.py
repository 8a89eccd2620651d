"""A small research agent written against the OpenAI API (an example for bedrock-check)."""

from agents import Agent, WebSearchTool, function_tool
from openai import OpenAI

client = OpenAI()

SEARCH_TOOLS = [{"type": "web_search"}, {"type": "file_search", "vector_store_ids": ["vs_docs"]}]


@function_tool
def lookup_ticket(ticket_id: str) -> str:
    """Look a support ticket up in our own database."""
    return f"ticket {ticket_id}"


def answer(question: str) -> str:
    response = client.responses.create(
        model="gpt-5.5",
        input=question,
        tools=SEARCH_TOOLS,
        service_tier="flex",
        reasoning={"effort": "low"},
    )
    return response.output_text


researcher = Agent(name="researcher", model="openai.gpt-5.5", tools=[WebSearchTool(), lookup_ticket])
