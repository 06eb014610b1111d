namespace py com.example
struct Person {
  1: required string name
  2: optional i32 age
}

service PersonService {
  Person getPersonById(1: i64 id),
  bool savePerson(1: Person person)
}
